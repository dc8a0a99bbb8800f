import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 区域化党建: member units, the configurable classes, the three lists (demands, resources, projects),
 * two-way claims and the meetings (联席会议, 三会) with their minutes.
 *
 * The invariants live here, not in services:
 * - one live claim per demand: a partial unique index over live claims that name a demand — a unit's
 *   claim of a demand and a community's claim of a resource for that demand compete for the same slot;
 * - a resource's capacity: `claimed` is a counter moved by a conditional UPDATE, and a CHECK keeps it
 *   within `capacity` whatever a race does;
 * - statuses, kinds and votes are CHECKed; a meeting has one set of minutes (its primary key).
 * A class is never deleted (demands and resources name it), only retired from the offered list.
 */
export class PartyBuilding1795449000000 implements MigrationInterface {
  name = 'PartyBuilding1795449000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member_unit (
        code          text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
        name          text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('enterprise', 'institution', 'school', 'army', 'social', 'government')),
        region_code   text NOT NULL REFERENCES region(code),
        contact_name  text NOT NULL,
        contact_phone text NOT NULL,
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX member_unit_region_idx ON member_unit (region_code)`);

    await q.query(`
      CREATE TABLE party_class (
        name     text PRIMARY KEY,
        position integer NOT NULL,
        retired  boolean NOT NULL DEFAULT false
      )`);

    await q.query(`
      CREATE TABLE party_demand (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code text NOT NULL REFERENCES region(code),
        class       text NOT NULL REFERENCES party_class(name),
        title       text NOT NULL,
        detail      text,
        status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'in_project', 'done')),
        raised_by   uuid NOT NULL REFERENCES app_user(id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX party_demand_region_idx ON party_demand (region_code, status)`);
    await q.query(`
      CREATE TABLE party_demand_case (
        demand_id uuid NOT NULL REFERENCES party_demand(id) ON DELETE CASCADE,
        case_id   uuid NOT NULL REFERENCES grid_case(id),
        PRIMARY KEY (demand_id, case_id)
      )`);
    await q.query(`CREATE INDEX party_demand_case_case_idx ON party_demand_case (case_id)`);

    await q.query(`
      CREATE TABLE party_resource (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_code  text NOT NULL REFERENCES member_unit(code),
        class      text NOT NULL REFERENCES party_class(name),
        title      text NOT NULL,
        detail     text,
        capacity   integer CHECK (capacity > 0),
        claimed    integer NOT NULL DEFAULT 0,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (claimed >= 0 AND (capacity IS NULL OR claimed <= capacity))
      )`);
    await q.query(`CREATE INDEX party_resource_unit_idx ON party_resource (unit_code)`);
    await q.query(`
      CREATE TABLE party_resource_region (
        resource_id uuid NOT NULL REFERENCES party_resource(id) ON DELETE CASCADE,
        region_code text NOT NULL REFERENCES region(code),
        PRIMARY KEY (resource_id, region_code)
      )`);
    await q.query(`CREATE INDEX party_resource_region_region_idx ON party_resource_region (region_code)`);

    // side: 'unit' = a unit claimed a demand (资源方认领需求), 'region' = a community claimed a resource.
    await q.query(`
      CREATE TABLE party_claim (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        side         text NOT NULL CHECK (side IN ('unit', 'region')),
        demand_id    uuid REFERENCES party_demand(id),
        resource_id  uuid REFERENCES party_resource(id),
        unit_code    text NOT NULL REFERENCES member_unit(code),
        region_code  text NOT NULL REFERENCES region(code),
        note         text,
        status       text NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'withdrawn')),
        claimed_by   uuid NOT NULL REFERENCES app_user(id),
        claimed_at   timestamptz NOT NULL DEFAULT now(),
        withdrawn_by uuid REFERENCES app_user(id),
        withdrawn_at timestamptz,
        CHECK (side <> 'unit' OR demand_id IS NOT NULL),
        CHECK (side <> 'region' OR resource_id IS NOT NULL),
        CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX party_claim_live_demand_key ON party_claim (demand_id) WHERE status = 'live' AND demand_id IS NOT NULL`);
    await q.query(`CREATE INDEX party_claim_resource_idx ON party_claim (resource_id) WHERE resource_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE party_project (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title          text NOT NULL,
        region_code    text NOT NULL REFERENCES region(code),
        lead_unit_code text NOT NULL REFERENCES member_unit(code),
        year           integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        funds_cny      numeric(14, 2) CHECK (funds_cny >= 0),
        status         text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'active', 'done', 'dropped')),
        created_by     uuid NOT NULL REFERENCES app_user(id),
        created_at     timestamptz NOT NULL DEFAULT now(),
        started_at     timestamptz,
        finished_at    timestamptz,
        dropped_at     timestamptz,
        CHECK (status = 'proposed' OR status = 'dropped' OR started_at IS NOT NULL),
        CHECK ((status = 'done') = (finished_at IS NOT NULL)),
        CHECK ((status = 'dropped') = (dropped_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX party_project_region_idx ON party_project (region_code, year)`);
    await q.query(`
      CREATE TABLE party_project_demand (
        project_id uuid NOT NULL REFERENCES party_project(id) ON DELETE CASCADE,
        demand_id  uuid NOT NULL REFERENCES party_demand(id),
        PRIMARY KEY (project_id, demand_id)
      )`);
    await q.query(`CREATE INDEX party_project_demand_demand_idx ON party_project_demand (demand_id)`);
    await q.query(`
      CREATE TABLE party_project_partner (
        project_id uuid NOT NULL REFERENCES party_project(id) ON DELETE CASCADE,
        unit_code  text NOT NULL REFERENCES member_unit(code),
        PRIMARY KEY (project_id, unit_code)
      )`);
    await q.query(`
      CREATE TABLE party_project_milestone (
        project_id   uuid NOT NULL REFERENCES party_project(id) ON DELETE CASCADE,
        position     integer NOT NULL CHECK (position >= 0),
        title        text NOT NULL,
        due_at       timestamptz NOT NULL,
        completed_at timestamptz,
        completed_by uuid REFERENCES app_user(id),
        PRIMARY KEY (project_id, position)
      )`);

    await q.query(`
      CREATE TABLE party_meeting (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code  text NOT NULL REFERENCES region(code),
        kind         text NOT NULL CHECK (kind IN ('joint', 'hearing', 'coordination', 'review')),
        scheduled_at timestamptz NOT NULL,
        created_by   uuid NOT NULL REFERENCES app_user(id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX party_meeting_region_idx ON party_meeting (region_code, scheduled_at)`);
    await q.query(`
      CREATE TABLE party_meeting_item (
        meeting_id uuid NOT NULL REFERENCES party_meeting(id) ON DELETE CASCADE,
        position   integer NOT NULL CHECK (position >= 0),
        title      text NOT NULL,
        demand_id  uuid REFERENCES party_demand(id),
        project_id uuid REFERENCES party_project(id),
        case_id    uuid REFERENCES grid_case(id),
        PRIMARY KEY (meeting_id, position)
      )`);
    await q.query(`
      CREATE TABLE party_meeting_minutes (
        meeting_id  uuid PRIMARY KEY REFERENCES party_meeting(id) ON DELETE CASCADE,
        attendees   text[] NOT NULL,
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE party_meeting_decision (
        meeting_id    uuid NOT NULL REFERENCES party_meeting_minutes(meeting_id) ON DELETE CASCADE,
        position      integer NOT NULL CHECK (position >= 0),
        item          text NOT NULL,
        outcome       text NOT NULL,
        votes_for     integer CHECK (votes_for >= 0),
        votes_against integer CHECK (votes_against >= 0),
        abstain       integer CHECK (abstain >= 0),
        PRIMARY KEY (meeting_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE party_meeting_decision, party_meeting_minutes, party_meeting_item, party_meeting,
        party_project_milestone, party_project_partner, party_project_demand, party_project,
        party_claim, party_resource_region, party_resource, party_demand_case, party_demand, party_class, member_unit`);
  }
}
