import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case numbers from a sequence instead of a per-street-and-day counter row: every intake had to
 * lock that one row until its commit was flushed, which capped intake at the disk's flush rate.
 */
export class CaseCodeSequence1795426200000 implements MigrationInterface {
  name = 'CaseCodeSequence1795426200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE case_code_seq`);
    // Continue after the numbers already given (`false`: the value set is the next one handed out).
    await q.query(`SELECT setval('case_code_seq', (SELECT COALESCE(sum(last), 0) FROM case_counter) + 1, false)`);
    await q.query(`DROP TABLE case_counter`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_counter (street_code text NOT NULL, day date NOT NULL, last integer NOT NULL, PRIMARY KEY (street_code, day))`);
    await q.query(`DROP SEQUENCE case_code_seq`);
  }
}
