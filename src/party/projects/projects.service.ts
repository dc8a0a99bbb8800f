import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { CaseStore } from '../../cases/case-store';
import { CaseRepository } from '../../cases/persistence/case.repository';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../common/domain-error';
import { partyRegionsFor, regionFilter, seen } from '../party-scope';
import { decodeCursor, pageOf, type Page } from '../../common/pagination';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import type { RegionTree } from '../../jurisdiction/region-tree';
import { mayActForUnit, requireInside } from '../domain/claim-rules';
import { demandFrom } from '../domain/demand-status';
import { effectOf, effectWindows, type Effect } from '../domain/effect';
import { projectAfter, type ProjectCommand } from '../domain/project-machine';
import { DemandRepository } from '../lists/demand.repository';
import { DemandsService } from '../lists/demands.service';
import { UnitRepository } from '../units/unit.repository';
import type { CreateProjectDto, ProjectListQuery } from './projects.dto';
import { type Project, ProjectRepository } from './project.repository';

export const projectView = (p: Project) => ({
  id: p.id,
  title: p.title,
  regionCode: p.regionCode,
  status: p.status,
  demandIds: p.demandIds,
  leadUnitCode: p.leadUnitCode,
  partnerUnitCodes: p.partnerUnitCodes,
  year: p.year,
  fundsCny: p.fundsCny,
  milestones: p.milestones.map((m) => ({ ...m, dueAt: m.dueAt.toISOString(), completedAt: m.completedAt?.toISOString() ?? null })),
  createdAt: p.createdAt.toISOString(),
  startedAt: p.startedAt?.toISOString() ?? null,
  finishedAt: p.finishedAt?.toISOString() ?? null,
  droppedAt: p.droppedAt?.toISOString() ?? null,
});
export type ProjectView = ReturnType<typeof projectView>;

/** 项目清单: claimed demands become projects, proposed → active → done | dropped; the effect closes the loop. */
@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly projects: ProjectRepository,
    private readonly demands: DemandRepository,
    private readonly demandsService: DemandsService,
    private readonly units: UnitRepository,
    private readonly cases: CaseStore,
    private readonly caseRows: CaseRepository,
  ) {}

  async create(user: AuthUser, body: CreateProjectDto) {
    const id = await this.db.transaction((em) => this.createIn(em, user, body, new Date()));
    return this.get(user, id);
  }

  /** The use case in the caller's transaction, proposed at `at` (the demo history's project is of the past); the new id. */
  async createIn(em: EntityManager, user: AuthUser, body: CreateProjectDto, at: Date): Promise<string> {
    const tree = this.jurisdiction.regions;
    const demands = [];
    for (const id of body.demandIds) demands.push(await this.demandsService.visibleDemand(em, user, id, 'demandIds'));
    const regionCode = commonAncestor(
      tree,
      demands.map((d) => d.regionCode),
    );
    requireInside(user, regionCode, tree, 'the project’s region');
    await this.checkUnits(em, user, body.leadUnitCode, body.partnerUnitCodes ?? []);
    // The demands' rows locked: a withdrawal or another project waits for this one, and sees it.
    const statuses = await this.demands.lock(em, body.demandIds);
    const unclaimed = body.demandIds.filter((d) => statuses.get(d) !== 'claimed');
    if (unclaimed.length) throw conflictOn('demandIds', `a project takes claimed demands only; not claimed: ${unclaimed.join(', ')}`);
    const taken = await this.projects.liveIncluding(em, body.demandIds);
    if (taken.length) throw conflictOn('demandIds', `demand ${taken[0].demandId} is in project ${taken[0].projectId} already`);
    return this.projects.insert(em, {
      title: body.title,
      regionCode,
      leadUnitCode: body.leadUnitCode,
      partnerUnitCodes: body.partnerUnitCodes ?? [],
      demandIds: body.demandIds,
      year: body.year,
      fundsCny: body.fundsCny ?? null,
      milestones: body.milestones.map((m, index) => ({ index, title: m.title, dueAt: new Date(m.dueAt), completedAt: null })),
      createdBy: user.id,
      createdAt: at,
    });
  }

  private async checkUnits(em: EntityManager, user: AuthUser, lead: string, partners: string[]): Promise<void> {
    const unit = await this.units.byCode(em, lead);
    if (!unit?.active) throw invalid('leadUnitCode', `unknown or inactive unit ${lead}`);
    if (!mayActForUnit(user, unit.regionCode, this.jurisdiction.regions)) throw forbidden(`unit ${lead} is not one of your street's units`);
    if (partners.includes(lead)) throw invalid('partnerUnitCodes', 'the lead unit is not its own partner');
    const found = new Set((await this.units.byCodes(em, partners)).filter((u) => u.active).map((u) => u.code));
    const missing = partners.filter((p) => !found.has(p));
    if (missing.length) throw invalid('partnerUnitCodes', `unknown or inactive units: ${missing.join(', ')}`);
  }

  /** start | finish | drop, with what each does to the demands (demand-status.ts), under the project's row lock. */
  async transition(user: AuthUser, id: string, command: ProjectCommand) {
    await this.db.transaction((em) => this.transitionIn(em, user, id, command, new Date()));
    return this.get(user, id);
  }

  /** transition in the caller's transaction, at `at`. */
  async transitionIn(em: EntityManager, user: AuthUser, id: string, command: ProjectCommand, at: Date): Promise<void> {
    const p = await this.visible(em, user, id, true);
    requireInside(user, p.regionCode, this.jurisdiction.regions, 'the project’s region');
    const to = projectAfter(p.status, command);
    await this.demands.lock(em, p.demandIds);
    if (command === 'start') {
      const moved = await this.demands.move(em, p.demandIds, demandFrom('projectStart'), 'in_project', at);
      if (moved.length !== p.demandIds.length) throw conflictOn('demandIds', 'every demand must still be claimed to start (a claim was withdrawn)');
    } else if (command === 'finish') await this.demands.move(em, p.demandIds, ['in_project'], 'done', at);
    else await this.demands.move(em, p.demandIds, ['in_project'], 'claimed', at);
    await this.projects.setStatus(em, p.id, to, at);
  }

  async completeMilestone(user: AuthUser, id: string, index: number) {
    await this.db.transaction((em) => this.completeMilestoneIn(em, user, id, index, new Date()));
    return this.get(user, id);
  }

  /** completeMilestone in the caller's transaction, completed at `at`. */
  async completeMilestoneIn(em: EntityManager, user: AuthUser, id: string, index: number, at: Date): Promise<void> {
    const p = await this.visible(em, user, id, true);
    requireInside(user, p.regionCode, this.jurisdiction.regions, 'the project’s region');
    if (!p.milestones.some((m) => m.index === index)) throw notFound(`Milestone ${index}`);
    if (p.status !== 'active') throw conflict(`milestones are completed while the project is active (it is ${p.status})`);
    if (!(await this.projects.completeMilestone(em, id, index, user.id, at))) throw conflict(`milestone ${index} is completed already`);
  }

  async list(user: AuthUser, q: ProjectListQuery): Promise<Page<ProjectView>> {
    const visible = this.visibleRegions(user);
    const regionCodes = q.regionCode ? regionFilter(visible, q.regionCode, this.jurisdiction.regions) : undefined;
    const limit = q.limit ?? 50;
    const rows = await this.projects.list(this.db.manager, {
      visible,
      regionCodes,
      statuses: q.status ? [q.status] : undefined,
      year: q.year,
      after: decodeCursor(q.cursor),
      limit: limit + 1,
    });
    return pageOf(rows, limit, projectView);
  }

  async get(user: AuthUser, id: string) {
    const p = await this.visible(this.db.manager, user, id);
    return { ...projectView(p), effect: p.startedAt ? await this.effect(p, p.startedAt) : null };
  }

  /** Cases of the cited cases' (category, grid) pairs, 90 days before the start against the days since (≤ 90). */
  private async effect(p: Project, startedAt: Date): Promise<Effect> {
    const em = this.db.manager;
    const cited = await this.cases.loadMany(em, await this.demands.citedCases(em, p.demandIds));
    const seen = new Map(cited.map(({ row }) => [`${row.categoryCode}|${row.gridCode}`, { categoryCode: row.categoryCode, gridCode: row.gridCode }]));
    const pairs = [...seen.values()].sort((a, b) => (a.categoryCode + a.gridCode).localeCompare(b.categoryCode + b.gridCode));
    const windows = effectWindows(startedAt, new Date());
    const [before, after] = pairs.length ? await this.caseRows.countByPlaceInWindows(em, pairs, [windows.before, windows.after]) : [0, 0];
    return effectOf(pairs, windows, { before, after });
  }

  private visible(em: EntityManager, user: AuthUser, id: string, lock = false): Promise<Project> {
    return this.visibleProject(em, user, id, undefined, lock);
  }

  /** A project of a region the caller sees; 404 (naming `field` when given) otherwise. */
  async visibleProject(em: EntityManager, user: AuthUser, id: string, field?: string, lock = false): Promise<Project> {
    const p = await this.projects.byId(em, id, lock);
    const visible = this.visibleRegions(user);
    if (!p || !seen(visible, p.regionCode))
      throw new DomainError('not_found', 'Project not found', field ? [{ field, message: `project ${id} not found` }] : []);
    return p;
  }

  private visibleRegions(user: AuthUser): string[] | null {
    return partyRegionsFor(user, this.jurisdiction.regions);
  }
}

/** The nearest region holding every one of `codes`. */
export function commonAncestor(tree: RegionTree, codes: string[]): string {
  const [first, ...rest] = codes.map((c) => tree.lineage(c).map((r) => r.code));
  return first.find((c) => rest.every((l) => l.includes(c))) ?? tree.root().code;
}

const conflictOn = (field: string, message: string) => new DomainError('conflict', message, [{ field, message }]);
