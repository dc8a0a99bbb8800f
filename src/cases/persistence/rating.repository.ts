import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Rating } from '../rating.entity';
import { fromRow, type Columns } from './recordset';

const RATING: Columns<Rating> = {
  id: 'bigint',
  caseId: 'uuid',
  closure: 'int',
  satisfaction: 'text',
  comment: 'text',
  at: 'timestamptz',
  source: 'text',
};

/**
 * The rating table, in raw SQL: one rating per closure of a case, a resident's own or heard on a
 * call-back (the unique key holds that rule for both).
 */
@Injectable()
export class RatingRepository {
  async of(em: EntityManager, caseId: string, closure: number): Promise<Rating | null> {
    const rows: Record<string, unknown>[] = await em.query(`SELECT * FROM rating WHERE case_id = $1 AND closure = $2`, [caseId, closure]);
    return rows[0] ? fromRow(RATING, rows[0]) : null;
  }

  /** `at` unset: the database's now() (live); the demo history gives the moment it replays. */
  async add(em: EntityManager, r: Pick<Rating, 'caseId' | 'closure' | 'satisfaction' | 'comment' | 'source'> & { at?: Date }): Promise<void> {
    await em.query(
      `INSERT INTO rating (case_id, closure, satisfaction, comment, source, at) VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()))`,
      [r.caseId, r.closure, r.satisfaction, r.comment, r.source, r.at ?? null],
    );
  }
}
