import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, MoreThan } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { canSeeCase, canSeeRegion, caseScopeSql, scopeOf } from '../auth/visibility';
import { notFound } from '../common/domain-error';
import { decodeCursor, decodeIdCursor, encodeIdCursor, pageOf, type Page } from '../common/pagination';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { Case } from './case.entity';
import { CaseEvent } from './case-event.entity';
import { CaseStore } from './case-store';
import { projectCase, type ProjectedCase } from './case-projection';
import { caseView, timelineView } from './case-view';
import type { CaseStatus, Rung } from './domain/case-types';
import { Task } from './task.entity';

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

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reading cases: the scoped list and one case with its timeline. */
@Injectable()
export class CaseQueriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly store: CaseStore,
  ) {}

  async list(user: AuthUser, f: CaseFilter): Promise<Page<ProjectedCase>> {
    const limit = f.limit ?? 50;
    const scope = scopeOf(user, this.jurisdiction.regions);
    const where = caseScopeSql(scope, 'c');
    const qb = this.db.getRepository(Case).createQueryBuilder('c').where(where.sql, where.params);
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.rung) qb.andWhere('c.rung = :rung', { rung: f.rung });
    if (f.categoryCode) qb.andWhere('c.categoryCode = :categoryCode', { categoryCode: f.categoryCode });
    if (f.overdue) qb.andWhere("c.slaState = 'breached'");
    if (f.regionCode) {
      const region = this.jurisdiction.require(f.regionCode);
      if (!canSeeRegion(scope, region.code, this.jurisdiction.regions) && scope.kind !== 'department') throw notFound(`Region ${f.regionCode}`);
      qb.andWhere(`c.${region.level}_code = :regionCode`, { regionCode: region.code });
    }
    if (f.departmentCode) {
      qb.andWhere('EXISTS (SELECT 1 FROM task ft WHERE ft.case_id = c.id AND ft.department_code = :dep)', { dep: f.departmentCode });
    }
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`;
      qb.andWhere(new Brackets((b) => b.where('c.code ILIKE :like', { like }).orWhere('c.description ILIKE :like').orWhere('c.address ILIKE :like')));
    }
    const after = decodeCursor(f.cursor);
    if (after) qb.andWhere('(c.createdAt, c.id) < (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
    const rows = await qb
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const tasks = await this.tasksOf(rows.slice(0, limit).map((r) => r.id));
    return pageOf(rows, limit, (r) => projectCase(caseView(r, tasks.get(r.id) ?? []), user));
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
    const rows = await this.db.getRepository(CaseEvent).find({
      where: afterId ? { caseId, id: MoreThan(afterId) } : { caseId },
      order: { id: 'ASC' },
      take: limit + 1,
    });
    const more = rows.length > limit;
    const served = more ? rows.slice(0, limit) : rows;
    return { items: served.map(timelineView), nextCursor: more ? encodeIdCursor(served[served.length - 1].id) : null };
  }

  private async tasksOf(caseIds: string[]): Promise<Map<string, Task[]>> {
    const byCase = new Map<string, Task[]>();
    if (caseIds.length === 0) return byCase;
    const tasks = await this.db.getRepository(Task).find({ where: { caseId: In(caseIds) }, order: { createdAt: 'ASC' } });
    for (const t of tasks) byCase.set(t.caseId, [...(byCase.get(t.caseId) ?? []), t]);
    return byCase;
  }
}
