import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open311 GeoReport v2: reports from Open311 apps are cases of source `open311`, whose reporter may leave
 * an email; the apps post with API keys, stored as SHA-256 of the key (a 32-byte random key needs no slow
 * hash) with a short prefix an admin recognises. A revoked key keeps its row, for the record.
 */
export class Open3111795447000000 implements MigrationInterface {
  name = 'Open3111795447000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid_case DROP CONSTRAINT grid_case_source_check`);
    await q.query(`ALTER TABLE grid_case ADD CONSTRAINT grid_case_source_check CHECK (source IN ('patrol','hotline','wall','resident','open311'))`);
    await q.query(`ALTER TABLE grid_case ADD COLUMN reporter_email text`);
    await q.query(`
      CREATE TABLE api_key (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix      text NOT NULL,
        key_hash    bytea NOT NULL UNIQUE,
        created_by  uuid REFERENCES app_user (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_key`);
    await q.query(`ALTER TABLE grid_case DROP COLUMN reporter_email`);
    await q.query(`ALTER TABLE grid_case DROP CONSTRAINT grid_case_source_check`);
    await q.query(`ALTER TABLE grid_case ADD CONSTRAINT grid_case_source_check CHECK (source IN ('patrol','hotline','wall','resident'))`);
  }
}
