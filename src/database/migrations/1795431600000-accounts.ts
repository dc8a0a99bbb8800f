import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts: a token version per user (bumped to end its tokens), last login, the per-username
 * login failures (shared by every instance) and the audit trail of administrative changes.
 */
export class Accounts1795431600000 implements MigrationInterface {
  name = 'Accounts1795431600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE app_user ADD COLUMN last_login_at timestamptz`);
    // The first admin of a database started without the demo city may exist before any region does.
    await q.query(`
      DO $$ DECLARE c text; BEGIN
        SELECT conname INTO STRICT c FROM pg_constraint
         WHERE conrelid = 'app_user'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%region_code IS NOT NULL%';
        EXECUTE format('ALTER TABLE app_user DROP CONSTRAINT %I', c);
      END $$`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_region_check CHECK (role IN ('liaison', 'admin') OR region_code IS NOT NULL)`);
    await q.query(`CREATE INDEX app_user_region_idx ON app_user (region_code)`);
    await q.query(`
      CREATE TABLE login_failure (
        id       bigserial PRIMARY KEY,
        username text NOT NULL,
        at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failure_username_idx ON login_failure (username, at)`);
    await q.query(`CREATE INDEX login_failure_at_idx ON login_failure (at)`);
    await q.query(`
      CREATE TABLE audit_entry (
        id        bigserial PRIMARY KEY,
        at        timestamptz NOT NULL DEFAULT now(),
        actor_id  uuid REFERENCES app_user(id),
        action    text NOT NULL,
        target_id uuid REFERENCES app_user(id),
        detail    jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_entry_actor_idx ON audit_entry (actor_id, id)`);
    await q.query(`CREATE INDEX audit_entry_target_idx ON audit_entry (target_id, id)`);
    await q.query(`CREATE INDEX audit_entry_at_idx ON audit_entry (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entry, login_failure`);
    await q.query(`DROP INDEX app_user_region_idx`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_region_check`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_region_check CHECK (role = 'liaison' OR region_code IS NOT NULL)`);
    await q.query(`ALTER TABLE app_user DROP COLUMN last_login_at, DROP COLUMN token_version`);
  }
}
