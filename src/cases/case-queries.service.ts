import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { canSeeCase, canSeeRegion, caseScopeSql, scopeOf } from '../auth/visibility';
import { notFound } from '../common/domain-error';
import { decodeCursor, decodeIdCursor, encodeIdCursor, pageOf, type Page, type Position } from '../common/pagination';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { CaseStore } from './case-store';
import { projectCase, type ProjectedCase } from './case-projection';
import { caseView, timelineView } from './case-view';
import type { CaseStatus, Rung } from './domain/case-types';
import type { Task } from './task.entity';
import { CaseRepository } from './persistence/case.repository';
import { TaskRepository } from './persistence/task.repository';
import { TimelineRepository } from './persistence/timeline.repository';

export interface CaseFilter {
  status?: CaseStatus;
  rung?: Rung;
  regionCode?: string;
  departmentCode?: string;
  categoryCode?: string;
  overdue?: boolean;
  q?: string;
  limit?: number;
  cursor?: string;
}

/**
 * GET /api/cases/:id embeds at most this many timeline entries (oldest first); the rest are read
 * page by page from /api/cases/:id/timeline, so a long-lived or much-merged case stays one small answer.
 */
export const TIMELINE_EMBED_LIMIT = 200;

/** Cases read per query while an export streams. */
const EXPORT_PAGE = 1000;

/** Reading cases: the scoped list and one case with its timeline. */
@Injectable()
export class CaseQueriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly store: CaseStore,
    private readonly cases: CaseRepository,
    private readonly tasks: TaskRepository,
    private readonly entries: TimelineRepository,
  ) {}

  async list(user: AuthUser, f: CaseFilter): Promise<Page<ProjectedCase>> {
    const limit = f.limit ?? 50;
    const rows = await this.rows(user, f, decodeCursor(f.cursor), limit + 1);
    const tasks = await this.tasksOf(rows.slice(0, limit).map((r) => r.id));
    return pageOf(rows, limit, (r) => projectCase(caseView(r, tasks.get(r.id) ?? []), user));
  }

  /**
   * Every case the filters match (from `cursor` on, newest first), as the caller may see it, read in
   * pages of EXPORT_PAGE: an export of a street's year never holds more than a page in memory.
   */
  async *all(user: AuthUser, f: CaseFilter): AsyncGenerator<ProjectedCase> {
    for (let after = decodeCursor(f.cursor); ;) {
      const rows = await this.rows(user, f, after, EXPORT_PAGE);
      const tasks = await this.tasksOf(rows.map((r) => r.id));
      for (const r of rows) yield projectCase(caseView(r, tasks.get(r.id) ?? []), user);
      if (rows.length < EXPORT_PAGE) return;
      after = { createdAt: rows[rows.length - 1].createdAt, id: rows[rows.length - 1].id };
    }
  }

  private rows(user: AuthUser, f: CaseFilter, after: Position | undefined, limit: number) {
    const scope = scopeOf(user, this.jurisdiction.regions);
    const where = caseScopeSql(scope, 'c', '$1');
    let region: { level: string; code: string } | undefined;
    if (f.regionCode) {
      const r = this.jurisdiction.require(f.regionCode);
      if (!canSeeRegion(scope, r.code, this.jurisdiction.regions) && scope.kind !== 'department') throw notFound(`Region ${f.regionCode}`);
      region = { level: r.level, code: r.code };
    }
    return this.cases.list(this.db.manager, {
      scope: { sql: where.sql, param: where.params.scopeCode },
      status: f.status,
      rung: f.rung,
      categoryCode: f.categoryCode,
      overdue: f.overdue,
      region,
      departmentCode: f.departmentCode,
      q: f.q,
      after,
      limit,
    });
  }

  async get(user: AuthUser, id: string) {
    const loaded = await this.loadVisible(user, id);
    const timeline = await this.timelinePage(id, TIMELINE_EMBED_LIMIT);
    return { ...projectCase(caseView(loaded.row, loaded.tasks), user), timeline: timeline.items, timelineNextCursor: timeline.nextCursor };
  }

  /** A case's timeline, oldest first, keyset on the event id; visible as the case is. */
  async timeline(user: AuthUser, id: string, page: { limit?: number; cursor?: string }) {
    const after = decodeIdCursor(page.cursor);
    await this.loadVisible(user, id);
    return this.timelinePage(id, page.limit ?? 50, after);
  }

  private async loadVisible(user: AuthUser, id: string) {
    const loaded = await this.store.load(this.db.manager, id);
    const scope = scopeOf(user, this.jurisdiction.regions);
    if (
      !canSeeCase(
        scope,
        loaded.row,
        loaded.tasks.map((t) => t.departmentCode),
      )
    )
      throw notFound('Case');
    return loaded;
  }

  private async timelinePage(caseId: string, limit: number, afterId?: string): Promise<Page<ReturnType<typeof timelineView>>> {
    const rows = await this.entries.page(this.db.manager, caseId, limit + 1, afterId);
    const more = rows.length > limit;
    const served = more ? rows.slice(0, limit) : rows;
    return { items: served.map(timelineView), nextCursor: more ? encodeIdCursor(served[served.length - 1].id) : null };
  }

  private async tasksOf(caseIds: string[]): Promise<Map<string, Task[]>> {
    const byCase = new Map<string, Task[]>();
    if (caseIds.length === 0) return byCase;
    const tasks = await this.tasks.ofCases(this.db.manager, caseIds);
    for (const t of tasks) byCase.set(t.caseId, [...(byCase.get(t.caseId) ?? []), t]);
    return byCase;
  }
}
