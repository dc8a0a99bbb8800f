import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { canSeeCase, scopeOf } from '../../auth/visibility';
import { CaseStore } from '../../cases/case-store';
import { conflict, DomainError, invalid, notFound } from '../../common/domain-error';
import { partyRegionsFor, regionFilter, seen } from '../party-scope';
import { decodeCursor, pageOf, type Page } from '../../common/pagination';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { requireInside } from '../domain/claim-rules';
import { DemandsService } from '../lists/demands.service';
import { ProjectsService } from '../projects/projects.service';
import type { CreateMeetingDto, MeetingListQuery, MinutesDto } from './meetings.dto';
import { type Meeting, MeetingRepository } from './meeting.repository';

export const meetingView = (m: Meeting) => ({
  id: m.id,
  regionCode: m.regionCode,
  kind: m.kind,
  scheduledAt: m.scheduledAt.toISOString(),
  agenda: m.agenda,
  minutes: m.minutes ? { attendees: m.minutes.attendees, decisions: m.minutes.decisions, recordedAt: m.minutes.recordedAt.toISOString() } : null,
  createdAt: m.createdAt.toISOString(),
});
export type MeetingView = ReturnType<typeof meetingView>;

/** 联席会议 and 三会 (hearings, coordination, review): an agenda of demands, projects and cases; minutes once held. */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly meetings: MeetingRepository,
    private readonly demands: DemandsService,
    private readonly projects: ProjectsService,
    private readonly cases: CaseStore,
  ) {}

  async create(user: AuthUser, body: CreateMeetingDto): Promise<MeetingView> {
    const id = await this.db.transaction((em) => this.createIn(em, user, body, new Date()));
    return this.get(user, id);
  }

  /** The use case in the caller's transaction, called at `at` (the demo history's meeting is of the past); the new id. */
  async createIn(em: EntityManager, user: AuthUser, body: CreateMeetingDto, at: Date): Promise<string> {
    const tree = this.jurisdiction.regions;
    if (!tree.get(body.regionCode)) throw invalid('regionCode', `unknown region ${body.regionCode}`);
    requireInside(user, body.regionCode, tree, 'region');
    await this.checkAgenda(em, user, body.agenda);
    return this.meetings.insert(em, {
      regionCode: body.regionCode,
      kind: body.kind,
      scheduledAt: new Date(body.scheduledAt),
      agenda: body.agenda.map((a) => ({ title: a.title, demandId: a.demandId ?? null, projectId: a.projectId ?? null, caseId: a.caseId ?? null })),
      createdBy: user.id,
      createdAt: at,
    });
  }

  /** Every item's demand, project and case must be one the caller sees (404 naming the item's field). */
  private async checkAgenda(em: EntityManager, user: AuthUser, agenda: CreateMeetingDto['agenda']): Promise<void> {
    const scope = scopeOf(user, this.jurisdiction.regions);
    for (const [i, a] of agenda.entries()) {
      if (a.demandId) await this.demands.visibleDemand(em, user, a.demandId, `agenda.${i}.demandId`);
      if (a.projectId) await this.projects.visibleProject(em, user, a.projectId, `agenda.${i}.projectId`);
      if (a.caseId) {
        const [c] = await this.cases.loadMany(em, [a.caseId]);
        if (
          !c ||
          !canSeeCase(
            scope,
            c.row,
            c.tasks.map((t) => t.departmentCode),
          )
        )
          throw new DomainError('not_found', `case ${a.caseId} not found`, [{ field: `agenda.${i}.caseId`, message: 'case not found' }]);
      }
    }
  }

  /** Minutes once the meeting has begun, and only once (409 otherwise). */
  async recordMinutes(user: AuthUser, id: string, body: MinutesDto): Promise<MeetingView> {
    await this.db.transaction((em) => this.recordMinutesIn(em, user, id, body, new Date()));
    return this.get(user, id);
  }

  /** recordMinutes in the caller's transaction, recorded at `at` (which is also the "now" the meeting must have begun by). */
  async recordMinutesIn(em: EntityManager, user: AuthUser, id: string, body: MinutesDto, at: Date): Promise<void> {
    const m = await this.visible(em, user, id, true);
    requireInside(user, m.regionCode, this.jurisdiction.regions, 'the meeting of');
    if (at < m.scheduledAt) throw conflict(`the meeting is scheduled for ${m.scheduledAt.toISOString()}; minutes come after it`);
    const decisions = body.decisions.map((d) => ({
      item: d.item,
      outcome: d.outcome,
      votesFor: d.votesFor ?? null,
      votesAgainst: d.votesAgainst ?? null,
      abstain: d.abstain ?? null,
    }));
    if (!(await this.meetings.insertMinutes(em, id, { attendees: body.attendees, decisions, recordedBy: user.id }, at)))
      throw conflict('the meeting has minutes already');
  }

  async list(user: AuthUser, q: MeetingListQuery): Promise<Page<MeetingView>> {
    const visible = this.visibleRegions(user);
    const regionCodes = q.regionCode ? regionFilter(visible, q.regionCode, this.jurisdiction.regions) : undefined;
    const limit = q.limit ?? 50;
    const rows = await this.meetings.list(this.db.manager, { visible, regionCodes, kind: q.kind, after: decodeCursor(q.cursor), limit: limit + 1 });
    return pageOf(rows, limit, meetingView);
  }

  async get(user: AuthUser, id: string): Promise<MeetingView> {
    return meetingView(await this.visible(this.db.manager, user, id));
  }

  private async visible(em: EntityManager, user: AuthUser, id: string, lock = false): Promise<Meeting> {
    const m = await this.meetings.byId(em, id, lock);
    const visible = this.visibleRegions(user);
    if (!m || !seen(visible, m.regionCode)) throw notFound('Meeting');
    return m;
  }

  private visibleRegions(user: AuthUser): string[] | null {
    return partyRegionsFor(user, this.jurisdiction.regions);
  }
}
