import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { notFound } from '../../common/domain-error';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { MeetingRepository } from '../meetings/meeting.repository';
import { ProjectRepository } from '../projects/project.repository';
import { UnitRepository } from '../units/unit.repository';

const PROJECTS = 100;
const MEETINGS = 50;

/**
 * 四议两公开, the publishing half: what a region's residents may read of the region and its ancestors —
 * started and finished projects and the decisions of held meetings. Built field by field from names,
 * titles and figures only: no unit contact, no attendee, no resident, no user.
 */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly projects: ProjectRepository,
    private readonly meetings: MeetingRepository,
    private readonly units: UnitRepository,
  ) {}

  async of(code: string) {
    const tree = this.jurisdiction.regions;
    const region = tree.get(code);
    if (!region) throw notFound(`Region ${code}`);
    const lineage = tree.lineage(code).map((r) => r.code);
    const em = this.db.manager;
    const [projects, meetings] = await Promise.all([
      this.projects.list(em, { visible: lineage, statuses: ['active', 'done'], limit: PROJECTS }),
      this.meetings.list(em, { visible: lineage, minuted: true, limit: MEETINGS }),
    ]);
    const unitCodes = [...new Set(projects.flatMap((p) => [p.leadUnitCode, ...p.partnerUnitCodes]))];
    const names = new Map((await this.units.byCodes(em, unitCodes)).map((u) => [u.code, u.name]));
    const regionName = (c: string) => tree.get(c)?.name ?? c;
    return {
      regionCode: region.code,
      regionName: region.name,
      projects: projects.map((p) => ({
        id: p.id,
        title: p.title,
        regionCode: p.regionCode,
        regionName: regionName(p.regionCode),
        status: p.status,
        year: p.year,
        fundsCny: p.fundsCny,
        leadUnit: names.get(p.leadUnitCode) ?? p.leadUnitCode,
        partnerUnits: p.partnerUnitCodes.map((u) => names.get(u) ?? u),
        milestones: p.milestones.map((m) => ({ title: m.title, dueAt: m.dueAt.toISOString(), completedAt: m.completedAt?.toISOString() ?? null })),
        startedAt: p.startedAt!.toISOString(),
        finishedAt: p.finishedAt?.toISOString() ?? null,
      })),
      decisions: meetings.flatMap((m) =>
        (m.minutes?.decisions ?? []).map((d) => ({
          meetingId: m.id,
          kind: m.kind,
          regionCode: m.regionCode,
          regionName: regionName(m.regionCode),
          heldAt: m.scheduledAt.toISOString(),
          item: d.item,
          outcome: d.outcome,
          votesFor: d.votesFor,
          votesAgainst: d.votesAgainst,
          abstain: d.abstain,
        })),
      ),
    };
  }
}
