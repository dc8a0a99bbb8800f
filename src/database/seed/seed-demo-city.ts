import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../../auth/password';
import { REGION_LEVELS } from '../../jurisdiction/region-level';
import { XH_631 } from '../../evaluation/domain/xh-631';
import demoCity from './demo-city.json';
import demoParty from './demo-party.json';
import { DEFAULT_CLASSES } from '../../party/domain/party-types';

export const DEMO_CITY = demoCity;

/**
 * The 15-minute response circle (15分钟响应圈) of the emergency categories: an urgent case of these must
 * be claimed within 15 minutes (API.md `sla.urgent`). The fixture predates the field, so it is added here.
 */
const URGENT_OVERRIDES: Record<string, { claim: string }> = { '0501': { claim: 'PT15M' }, '0502': { claim: 'PT15M' }, '0506': { claim: 'PT15M' } };

/** Loads the demo district. Idempotent: rows that exist already are left as they are. */
export async function seedDemoCity(dataSource: DataSource): Promise<void> {
  // The demo users share one password, so one hash serves them all and seeding stays fast.
  const passwordHash = await hashPassword(demoCity.defaultPassword);
  await dataSource.transaction(async (em) => {
    await seedRegions(em);
    for (const d of demoCity.departments) {
      await em.query(`INSERT INTO department (code, name, duties) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [d.code, d.name, d.duties]);
    }
    for (const c of demoCity.categories) {
      await em.query(
        `INSERT INTO category (code, name, class, lead_department_code, assist_department_codes, entry_rung, priority, sla)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING`,
        [
          c.code,
          c.name,
          c.class,
          c.leadDepartmentCode,
          c.assistDepartmentCodes,
          c.entryRung,
          c.priority,
          { urgent: URGENT_OVERRIDES[c.code], ...c.sla },
        ],
      );
    }
    await em.query(`INSERT INTO evaluation_scheme (code, name, group_by, components) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`, [
      XH_631.code,
      XH_631.name,
      XH_631.groupBy,
      JSON.stringify(XH_631.components),
    ]);
    await seedParty(em);
    await em.query(`INSERT INTO work_calendar (code, definition) VALUES ('default', $1) ON CONFLICT (code) DO NOTHING`, [demoCity.calendar]);
    for (const u of demoCity.users as { username: string; role: string; regionCode?: string; departmentCode?: string; displayName: string }[]) {
      await em.query(
        `INSERT INTO app_user (username, password_hash, role, region_code, department_code, display_name)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING`,
        [u.username, passwordHash, u.role, u.regionCode ?? null, u.departmentCode ?? null, u.displayName],
      );
    }
  });
}

async function seedRegions(em: EntityManager): Promise<void> {
  const paths = new Map<string, string>();
  const ordered = [...demoCity.regions].sort((a, b) => REGION_LEVELS.indexOf(a.level as never) - REGION_LEVELS.indexOf(b.level as never));
  for (const r of ordered) {
    const path = `${r.parentCode ? paths.get(r.parentCode) : '/'}${r.code}/`;
    paths.set(r.code, path);
    await em.query(
      `INSERT INTO region (code, name, level, parent_code, path, boundary, center)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING`,
      [r.code, r.name, r.level, r.parentCode, path, r.boundary, r.center],
    );
  }
}

/** 区域化党建: the ten classes and the member units (after the regions they belong to). */
async function seedParty(em: EntityManager): Promise<void> {
  await em.query(
    `INSERT INTO party_class (name, position) SELECT n, p - 1 FROM unnest($1::text[]) WITH ORDINALITY AS u(n, p) ON CONFLICT (name) DO NOTHING`,
    [DEFAULT_CLASSES],
  );
  for (const u of demoParty.units) {
    await em.query(
      `INSERT INTO member_unit (code, name, kind, region_code, contact_name, contact_phone) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
      [u.code, u.name, u.kind, u.regionCode, u.contact.name, u.contact.phone],
    );
  }
}
