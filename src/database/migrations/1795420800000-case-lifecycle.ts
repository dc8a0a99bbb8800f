import { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases, department tasks, extensions, the timeline, deadlines, ratings and attachments. */
export class CaseLifecycle1795420800000 implements MigrationInterface {
  name = 'CaseLifecycle1795420800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachment (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/webp')),
        size         integer NOT NULL CHECK (size > 0),
        sha256       text NOT NULL,
        uploaded_by  uuid REFERENCES app_user(id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);

    // Human-readable case codes (street + day + sequence), numbered without races by row locks.
    await q.query(`
      CREATE TABLE case_counter (
        street_code text NOT NULL,
        day         date NOT NULL,
        last        integer NOT NULL,
        PRIMARY KEY (street_code, day)
      )`);

    await q.query(`
      CREATE TABLE grid_case (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code               text NOT NULL UNIQUE,
        tracking_code      text NOT NULL UNIQUE,
        status             text NOT NULL CHECK (status IN ('pending','in_progress','resolved','closed','merged','cancelled')),
        rung               text NOT NULL CHECK (rung IN ('grid','neighbourhood','area','street','department')),
        holder_region_code text NOT NULL REFERENCES region(code),
        category_code      text NOT NULL REFERENCES category(code),
        priority           text NOT NULL CHECK (priority IN ('normal','urgent')),
        description        text NOT NULL,
        address            text,
        lat                double precision,
        lng                double precision,
        district_code      text NOT NULL,
        street_code        text NOT NULL,
        area_code          text NOT NULL,
        neighbourhood_code text NOT NULL,
        grid_code          text NOT NULL REFERENCES region(code),
        source             text NOT NULL CHECK (source IN ('patrol','hotline','wall','resident')),
        reporter_name      text,
        reporter_phone     text,
        photos             uuid[] NOT NULL DEFAULT '{}',
        duplicate_of       uuid REFERENCES grid_case(id),
        rework_count       integer NOT NULL DEFAULT 0,
        escalation_count   integer NOT NULL DEFAULT 0,
        closure_count      integer NOT NULL DEFAULT 0,
        reopened           boolean NOT NULL DEFAULT false,
        resolved_on_site   boolean NOT NULL DEFAULT false,
        feedback           text,
        created_by         uuid REFERENCES app_user(id),
        idempotency_key    text,
        sla_state          text NOT NULL DEFAULT 'ok' CHECK (sla_state IN ('ok','warning','breached')),
        sla_stage          text,
        sla_due_at         timestamptz,
        rung_due_at        timestamptz,
        verify_due_at      timestamptz,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        resolved_at        timestamptz,
        closed_at          timestamptz,
        UNIQUE (created_by, idempotency_key)
      )`);
    for (const level of ['district', 'street', 'area', 'neighbourhood', 'grid']) {
      await q.query(`CREATE INDEX grid_case_${level}_idx ON grid_case (${level}_code, created_at DESC, id DESC)`);
    }
    await q.query(`CREATE INDEX grid_case_open_idx ON grid_case (street_code, status) WHERE status IN ('pending','in_progress','resolved')`);
    await q.query(
      `CREATE INDEX grid_case_duplicate_idx ON grid_case (category_code, created_at) WHERE status IN ('pending','in_progress','resolved')`,
    );
    await q.query(`CREATE INDEX grid_case_created_idx ON grid_case (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE task (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id         uuid NOT NULL REFERENCES grid_case(id),
        department_code text NOT NULL REFERENCES department(code),
        role            text NOT NULL CHECK (role IN ('lead','assist')),
        status          text NOT NULL CHECK (status IN ('pending','claimed','done','returned')),
        recalled        boolean NOT NULL DEFAULT false,
        claim_due_at    timestamptz,
        handle_due_at   timestamptz,
        claimed_by      uuid REFERENCES app_user(id),
        claimed_at      timestamptz,
        done_at         timestamptz,
        returned_at     timestamptz,
        note            text,
        photos          uuid[] NOT NULL DEFAULT '{}',
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX task_case_idx ON task (case_id)`);
    await q.query(`CREATE INDEX task_department_idx ON task (department_code, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE extension (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id      uuid NOT NULL REFERENCES task(id),
        case_id      uuid NOT NULL REFERENCES grid_case(id),
        duration     text NOT NULL,
        reason       text NOT NULL,
        status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','declined')),
        requested_by uuid NOT NULL REFERENCES app_user(id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_by   uuid REFERENCES app_user(id),
        decided_at   timestamptz,
        note         text
      )`);
    await q.query(`CREATE UNIQUE INDEX extension_one_pending_idx ON extension (task_id) WHERE status = 'pending'`);

    // The timeline: one row per change, written in the change's transaction. Append-only.
    await q.query(`
      CREATE TABLE case_event (
        id              bigserial PRIMARY KEY,
        case_id         uuid NOT NULL REFERENCES grid_case(id),
        at              timestamptz NOT NULL DEFAULT now(),
        type            text NOT NULL,
        actor_id        uuid,
        actor           text NOT NULL,
        actor_role      text,
        rung            text,
        holder_region_code text,
        task_id         uuid,
        department_code text,
        note            text,
        data            jsonb
      )`);
    await q.query(`CREATE INDEX case_event_case_idx ON case_event (case_id, id)`);
    await q.query(`CREATE INDEX case_event_type_at_idx ON case_event (type, at)`);
    await q.query(`
      CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'case_event is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event
      FOR EACH ROW EXECUTE FUNCTION case_event_append_only()`);

    // Every running clock of a case or task. The sweeper looks at rows whose next_at has come.
    await q.query(`
      CREATE TABLE deadline (
        id          bigserial PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES grid_case(id),
        task_id     uuid REFERENCES task(id),
        stage       text NOT NULL CHECK (stage IN ('rung','claim','handle','verify')),
        rung        text,
        started_at  timestamptz NOT NULL,
        warn_at     timestamptz,
        due_at      timestamptz NOT NULL,
        state       text NOT NULL DEFAULT 'running' CHECK (state IN ('running','warned','breached','stopped')),
        next_at     timestamptz,
        breached_at timestamptz,
        stopped_at  timestamptz
      )`);
    await q.query(`CREATE INDEX deadline_next_idx ON deadline (next_at) WHERE next_at IS NOT NULL`);
    await q.query(`CREATE INDEX deadline_active_idx ON deadline (case_id) WHERE state <> 'stopped'`);

    await q.query(`
      CREATE TABLE rating (
        id           bigserial PRIMARY KEY,
        case_id      uuid NOT NULL REFERENCES grid_case(id),
        closure      integer NOT NULL,
        satisfaction text NOT NULL CHECK (satisfaction IN ('satisfied','basic','unsatisfied')),
        comment      text,
        at           timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, closure)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rating, deadline, case_event, extension, task, grid_case, case_counter, attachment`);
    await q.query(`DROP FUNCTION case_event_append_only()`);
  }
}
