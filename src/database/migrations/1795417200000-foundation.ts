import { MigrationInterface, QueryRunner } from 'typeorm';

/** Jurisdiction tree, responsibility list, calendar and users. */
export class Foundation1795417200000 implements MigrationInterface {
  name = 'Foundation1795417200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    // GeoJSON Polygon (outer ring) → PostgreSQL polygon, for the GiST-indexed point-in-grid lookup.
    await q.query(`
      CREATE FUNCTION geojson_outer_ring(boundary jsonb) RETURNS polygon
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT polygon('(' || string_agg('(' || (p->>0) || ',' || (p->>1) || ')', ',' ORDER BY n) || ')')
        FROM jsonb_array_elements(boundary->'coordinates'->0) WITH ORDINALITY AS ring(p, n)
      $$`);

    await q.query(`
      CREATE TABLE region (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        level       text NOT NULL CHECK (level IN ('district','street','area','neighbourhood','grid')),
        parent_code text REFERENCES region(code),
        path        text NOT NULL UNIQUE,
        boundary    jsonb NOT NULL,
        center      jsonb,
        area        polygon
      )`);
    // Kept by a trigger rather than a generated column, which the TypeORM CLI cannot diff.
    await q.query(`
      CREATE FUNCTION region_set_area() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.area := geojson_outer_ring(NEW.boundary); RETURN NEW; END $$`);
    await q.query(`
      CREATE TRIGGER region_set_area BEFORE INSERT OR UPDATE OF boundary ON region
      FOR EACH ROW EXECUTE FUNCTION region_set_area()`);
    await q.query(`CREATE INDEX region_parent_idx ON region (parent_code)`);
    await q.query(`CREATE INDEX region_path_idx ON region (path text_pattern_ops)`);
    await q.query(`CREATE INDEX region_grid_area_idx ON region USING gist (area) WHERE level = 'grid'`);

    await q.query(`
      CREATE TABLE department (
        code   text PRIMARY KEY,
        name   text NOT NULL,
        duties text NOT NULL DEFAULT ''
      )`);

    await q.query(`
      CREATE TABLE category (
        code                    text PRIMARY KEY,
        name                    text NOT NULL,
        class                   text NOT NULL,
        lead_department_code    text NOT NULL REFERENCES department(code),
        assist_department_codes text[] NOT NULL DEFAULT '{}',
        entry_rung              text NOT NULL CHECK (entry_rung IN ('grid','neighbourhood','area','street','department')),
        priority                text NOT NULL CHECK (priority IN ('normal','urgent')),
        sla                     jsonb NOT NULL,
        updated_at              timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE work_calendar (
        code       text PRIMARY KEY,
        definition jsonb NOT NULL
      )`);

    await q.query(`
      CREATE TABLE app_user (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username        text NOT NULL UNIQUE,
        password_hash   text NOT NULL,
        role            text NOT NULL CHECK (role IN ('inspector','neighbourhood','area','street','liaison','display','admin')),
        region_code     text REFERENCES region(code),
        department_code text REFERENCES department(code),
        display_name    text NOT NULL,
        active          boolean NOT NULL DEFAULT true,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'liaison') = (department_code IS NOT NULL)),
        CHECK (role = 'liaison' OR region_code IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_user, work_calendar, category, department, region`);
    await q.query(`DROP FUNCTION region_set_area(), geojson_outer_ring(jsonb)`);
  }
}
