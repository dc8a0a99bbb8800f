import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Position } from '../../common/pagination';
import type { MeetingKind } from '../domain/party-types';

export interface AgendaItem {
  title: string;
  demandId: string | null;
  projectId: string | null;
  caseId: string | null;
}

export interface Decision {
  item: string;
  outcome: string;
  votesFor: number | null;
  votesAgainst: number | null;
  abstain: number | null;
}

export interface Minutes {
  attendees: string[];
  decisions: Decision[];
  recordedBy: string;
  recordedAt: Date;
}

export interface Meeting {
  id: string;
  regionCode: string;
  kind: MeetingKind;
  scheduledAt: Date;
  agenda: AgendaItem[];
  minutes: Minutes | null;
  createdBy: string;
  createdAt: Date;
}

export interface MeetingFilter {
  visible: string[] | null;
  regionCodes?: string[];
  kind?: MeetingKind;
  /** Only meetings with minutes (the public notices). */
  minuted?: boolean;
  after?: Position;
  limit: number;
}

const SELECT = `
  SELECT m.id, m.region_code, m.kind, m.scheduled_at, m.created_by, m.created_at,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('title', i.title, 'demandId', i.demand_id, 'projectId', i.project_id, 'caseId', i.case_id) ORDER BY i.position)
                   FROM party_meeting_item i WHERE i.meeting_id = m.id), '[]'::jsonb) AS agenda,
         (SELECT jsonb_build_object('attendees', to_jsonb(n.attendees), 'recordedBy', n.recorded_by, 'recordedAt', n.recorded_at,
                   'decisions', COALESCE((SELECT jsonb_agg(jsonb_build_object('item', d.item, 'outcome', d.outcome, 'votesFor', d.votes_for,
                                                   'votesAgainst', d.votes_against, 'abstain', d.abstain) ORDER BY d.position)
                                          FROM party_meeting_decision d WHERE d.meeting_id = m.id), '[]'::jsonb))
          FROM party_meeting_minutes n WHERE n.meeting_id = m.id) AS minutes
  FROM party_meeting m`;

/** The party_meeting table (联席会议, 三会) with its agenda items, minutes and decisions. */
@Injectable()
export class MeetingRepository {
  async byId(em: EntityManager, id: string, lock = false): Promise<Meeting | undefined> {
    if (lock) await em.query(`SELECT 1 FROM party_meeting WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await em.query(`${SELECT} WHERE m.id = $1`, [id]);
    return row ? meetingOf(row) : undefined;
  }

  async list(em: EntityManager, f: MeetingFilter): Promise<Meeting[]> {
    const rows = await em.query(
      `${SELECT}
       WHERE ($1::text[] IS NULL OR m.region_code = ANY($1::text[]))
         AND ($2::text[] IS NULL OR m.region_code = ANY($2::text[]))
         AND ($3::text IS NULL OR m.kind = $3)
         AND (NOT $4 OR EXISTS (SELECT 1 FROM party_meeting_minutes n WHERE n.meeting_id = m.id))
         AND ($5::timestamptz IS NULL OR (m.created_at, m.id) < ($5, $6::uuid))
       ORDER BY m.created_at DESC, m.id DESC LIMIT $7`,
      [f.visible, f.regionCodes ?? null, f.kind ?? null, f.minuted ?? false, f.after?.createdAt ?? null, f.after?.id ?? null, f.limit],
    );
    return rows.map(meetingOf);
  }

  async insert(em: EntityManager, m: Omit<Meeting, 'id' | 'minutes'>): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO party_meeting (region_code, kind, scheduled_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [m.regionCode, m.kind, m.scheduledAt, m.createdBy, m.createdAt],
    );
    await em.query(
      `INSERT INTO party_meeting_item (meeting_id, position, title, demand_id, project_id, case_id)
       SELECT $1, a.i - 1, a.title, a.demand_id, a.project_id, a.case_id
       FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[]) WITH ORDINALITY AS a(title, demand_id, project_id, case_id, i)`,
      [row.id, m.agenda.map((a) => a.title), m.agenda.map((a) => a.demandId), m.agenda.map((a) => a.projectId), m.agenda.map((a) => a.caseId)],
    );
    return row.id;
  }

  /** Records the minutes once; false when the meeting has minutes already (its primary key). */
  async insertMinutes(em: EntityManager, meetingId: string, m: Omit<Minutes, 'recordedAt'>, at: Date): Promise<boolean> {
    const rows = await em.query(
      `INSERT INTO party_meeting_minutes (meeting_id, attendees, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (meeting_id) DO NOTHING RETURNING meeting_id`,
      [meetingId, m.attendees, m.recordedBy, at],
    );
    if (rows.length === 0) return false;
    if (m.decisions.length)
      await em.query(
        `INSERT INTO party_meeting_decision (meeting_id, position, item, outcome, votes_for, votes_against, abstain)
         SELECT $1, d.i - 1, d.item, d.outcome, d.votes_for, d.votes_against, d.abstain
         FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::int[]) WITH ORDINALITY AS d(item, outcome, votes_for, votes_against, abstain, i)`,
        [
          meetingId,
          m.decisions.map((d) => d.item),
          m.decisions.map((d) => d.outcome),
          m.decisions.map((d) => d.votesFor),
          m.decisions.map((d) => d.votesAgainst),
          m.decisions.map((d) => d.abstain),
        ],
      );
    return true;
  }
}

function meetingOf(r: Record<string, unknown>): Meeting {
  const minutes = r.minutes as (Omit<Minutes, 'recordedAt'> & { recordedAt: string }) | null;
  return {
    id: r.id as string,
    regionCode: r.region_code as string,
    kind: r.kind as MeetingKind,
    scheduledAt: r.scheduled_at as Date,
    agenda: r.agenda as AgendaItem[],
    minutes: minutes ? { ...minutes, recordedAt: new Date(minutes.recordedAt) } : null,
    createdBy: r.created_by as string,
    createdAt: r.created_at as Date,
  };
}
