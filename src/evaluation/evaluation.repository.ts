import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Scheme } from './domain/scheme';
import type { Scorecard } from './domain/scoring';

export interface ManualScore {
  unitCode: string;
  component: string;
  score: number;
  note: string | null;
  scoredAt: Date;
}

export interface Publication {
  cards: Scorecard[];
  publishedAt: Date;
  publishedBy: string;
}

type Db = DataSource | EntityManager;

/** The evaluation's tables: schemes, an evaluator's manual scores and its published cards. */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async schemes(): Promise<Scheme[]> {
    const rows = await this.db.query(`SELECT code, name, group_by, components FROM evaluation_scheme ORDER BY code`);
    return rows.map(schemeOf);
  }

  async scheme(code: string, db: Db = this.db): Promise<Scheme | undefined> {
    const [row] = await db.query(`SELECT code, name, group_by, components FROM evaluation_scheme WHERE code = $1`, [code]);
    return row ? schemeOf(row) : undefined;
  }

  async saveScheme(s: Scheme, by: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO evaluation_scheme (code, name, group_by, components, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET name = $2, group_by = $3, components = $4, updated_by = $5, updated_at = now()`,
      [s.code, s.name, s.groupBy, JSON.stringify(s.components), by],
    );
  }

  /** Inside `tx`, the period's publication locked for the change (a score or a publish waits for the other). */
  async lockBook(tx: EntityManager, scheme: string, period: string, book: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`evaluation:${scheme}:${period}:${book}`]);
  }

  async publication(scheme: string, period: string, book: string, db: Db = this.db): Promise<Publication | undefined> {
    const [row] = await db.query(
      `SELECT cards, published_at, published_by FROM evaluation_publication WHERE scheme_code = $1 AND period = $2 AND book = $3`,
      [scheme, period, book],
    );
    return row ? { cards: row.cards, publishedAt: row.published_at, publishedBy: row.published_by } : undefined;
  }

  async publish(tx: EntityManager, scheme: string, period: string, book: string, cards: Scorecard[], by: string, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation_publication (scheme_code, period, book, cards, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [scheme, period, book, JSON.stringify(cards), by, at],
    );
  }

  async scores(scheme: string, period: string, book: string, db: Db = this.db): Promise<ManualScore[]> {
    const rows = await db.query(
      `SELECT unit_code, component, score::float8 AS score, note, scored_at FROM evaluation_score
       WHERE scheme_code = $1 AND period = $2 AND book = $3 ORDER BY unit_code, component`,
      [scheme, period, book],
    );
    return rows.map((r: Record<string, unknown>) => ({
      unitCode: r.unit_code,
      component: r.component,
      score: r.score,
      note: r.note,
      scoredAt: r.scored_at,
    })) as ManualScore[];
  }

  /** One statement for the whole list: a unit scored again keeps its latest score. */
  async saveScores(tx: EntityManager, scheme: string, period: string, book: string, items: Omit<ManualScore, 'scoredAt'>[], by: string, at: Date) {
    await tx.query(
      `INSERT INTO evaluation_score (scheme_code, period, book, unit_code, component, score, note, scored_by, scored_at)
       SELECT $1, $2, $3, u.unit_code, u.component, u.score, u.note, $4, $5
       FROM unnest($6::text[], $7::text[], $8::numeric[], $9::text[]) AS u(unit_code, component, score, note)
       ON CONFLICT (scheme_code, period, book, unit_code, component)
       DO UPDATE SET score = EXCLUDED.score, note = EXCLUDED.note, scored_by = EXCLUDED.scored_by, scored_at = EXCLUDED.scored_at`,
      [
        scheme,
        period,
        book,
        by,
        at,
        items.map((i) => i.unitCode),
        items.map((i) => i.component),
        items.map((i) => i.score),
        items.map((i) => i.note),
      ],
    );
  }
}

function schemeOf(r: { code: string; name: string; group_by: Scheme['groupBy']; components: Scheme['components'] }): Scheme {
  return { code: r.code, name: r.name, groupBy: r.group_by, components: r.components };
}
