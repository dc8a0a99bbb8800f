import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 考核: weighted schemes, the manual scores an evaluator gives, and published scorecards. Scores and
 * publications belong to an evaluator's book (`book`: the street or district that keeps them), since
 * each street appraises the departments on its own cases. A publication stores its cards whole: later
 * work never changes a published card.
 */
export class Evaluation1795442400000 implements MigrationInterface {
  name = 'Evaluation1795442400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_scheme (
        code text PRIMARY KEY,
        name text NOT NULL,
        group_by text NOT NULL CHECK (group_by IN ('department', 'street', 'area', 'neighbourhood', 'grid')),
        components jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id)
      )`);
    await q.query(`
      CREATE TABLE evaluation_score (
        scheme_code text NOT NULL REFERENCES evaluation_scheme(code),
        period text NOT NULL,
        book text NOT NULL,
        unit_code text NOT NULL,
        component text NOT NULL,
        score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
        note text,
        scored_by uuid NOT NULL REFERENCES app_user(id),
        scored_at timestamptz NOT NULL,
        PRIMARY KEY (scheme_code, period, book, unit_code, component)
      )`);
    await q.query(`
      CREATE TABLE evaluation_publication (
        scheme_code text NOT NULL REFERENCES evaluation_scheme(code),
        period text NOT NULL,
        book text NOT NULL,
        cards jsonb NOT NULL,
        published_by uuid NOT NULL REFERENCES app_user(id),
        published_at timestamptz NOT NULL,
        PRIMARY KEY (scheme_code, period, book)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evaluation_publication`);
    await q.query(`DROP TABLE evaluation_score`);
    await q.query(`DROP TABLE evaluation_scheme`);
  }
}
