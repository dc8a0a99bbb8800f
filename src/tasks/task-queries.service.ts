import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { caseScopeSql, scopeOf } from '../auth/visibility';
import { decodeCursor, pageOf } from '../common/pagination';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { taskView } from '../cases/case-view';
import type { TaskStatus } from '../cases/domain/case-types';
import { Task } from '../cases/task.entity';

/** A liaison's queue: its department's tasks, newest first, each with what the case is about. */
@Injectable()
export class TaskQueriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
  ) {}

  async list(user: AuthUser, f: { status?: TaskStatus; limit?: number; cursor?: string }) {
    const limit = f.limit ?? 50;
    const scope = scopeOf(user, this.jurisdiction.regions);
    const qb = this.db.getRepository(Task).createQueryBuilder('t').innerJoinAndSelect('t.case', 'c');
    if (scope.kind === 'department') qb.where('t.departmentCode = :dep', { dep: scope.code });
    else {
      const where = caseScopeSql(scope, 'c');
      qb.where(where.sql, where.params);
    }
    if (f.status) qb.andWhere('t.status = :status AND NOT t.recalled', { status: f.status });
    const after = decodeCursor(f.cursor);
    if (after) qb.andWhere('(t.createdAt, t.id) < (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
    const rows = await qb
      .orderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return pageOf(rows, limit, (t) => ({
      ...taskView(t),
      case: {
        code: t.case.code,
        status: t.case.status,
        categoryCode: t.case.categoryCode,
        priority: t.case.priority,
        description: t.case.description,
        address: t.case.address,
        location: t.case.lat === null ? null : { lat: t.case.lat, lng: t.case.lng },
        gridCode: t.case.gridCode,
      },
    }));
  }
}
