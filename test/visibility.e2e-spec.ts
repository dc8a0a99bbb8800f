import { SYSTEM } from '../src/cases/acting';
import { IntakeService } from '../src/cases/intake/intake.service';
import { CatalogService } from '../src/catalog/catalog.service';
import type { AuthUser } from '../src/auth/auth-user';
import { audienceOf, canSeeCase, caseScopeSql, roomsOfAudience, roomsOfUser, scopeOf } from '../src/auth/visibility';
import { JurisdictionService } from '../src/jurisdiction/jurisdiction.service';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/**
 * One rule, three shapes (src/auth/visibility.ts): for cases across the whole demo tree — every grid,
 * at every entry rung, some on departments — and every user of every role, the SQL predicate, the
 * in-memory check and the live audience pick exactly the same cases.
 */
describe('visibility', () => {
  it('the SQL predicate, the in-memory check and the live audience agree for every user and case', async () => {
    const tree = t.app.get(JurisdictionService).regions;
    const intake = t.app.get(IntakeService);
    const categories = await t.app.get(CatalogService).categories();
    const grids = tree.all().filter((r) => r.level === 'grid');
    for (const [i, grid] of grids.entries()) {
      const category = categories[i % categories.length];
      await intake.report({ categoryCode: category.code, description: `case ${i}`, gridCode: grid.code, source: 'patrol' }, SYSTEM);
    }

    const cases = await t.sql<{
      id: string;
      districtCode: string;
      streetCode: string;
      areaCode: string;
      neighbourhoodCode: string;
      gridCode: string;
    }>(
      `SELECT id, district_code AS "districtCode", street_code AS "streetCode", area_code AS "areaCode",
              neighbourhood_code AS "neighbourhoodCode", grid_code AS "gridCode" FROM grid_case`,
    );
    const tasks = await t.sql<{ case_id: string; department_code: string }>(`SELECT case_id, department_code FROM task`);
    const departmentsOf = (id: string) => tasks.filter((x) => x.case_id === id).map((x) => x.department_code);
    expect(cases).toHaveLength(grids.length);
    expect(tasks.length).toBeGreaterThan(0);

    const users = await t.sql<AuthUser>(
      `SELECT id, username, role, region_code AS "regionCode", department_code AS "departmentCode", username AS "displayName" FROM app_user`,
    );
    expect(new Set(users.map((u) => u.role)).size).toBeGreaterThanOrEqual(6);
    let seen = 0;
    for (const user of users) {
      const scope = scopeOf(user, tree);
      const where = caseScopeSql(scope, 'c', '$1');
      const bySql = (
        await t.sql<{ id: string }>(`SELECT c.id FROM grid_case c WHERE ${where.sql} AND $1::text IS NOT DISTINCT FROM $1`, [
          'code' in scope ? scope.code : null,
        ])
      ).map((r) => r.id);
      const inMemory = cases.filter((c) => canSeeCase(scope, c, departmentsOf(c.id))).map((c) => c.id);
      const rooms = new Set(roomsOfUser(user));
      const live = cases
        .filter((c) =>
          roomsOfAudience(
            audienceOf(
              c,
              departmentsOf(c.id).map((d) => ({ departmentCode: d })),
            ),
          ).some((r) => rooms.has(r)),
        )
        .map((c) => c.id);
      expect({ user: user.username, ids: [...bySql].sort() }).toEqual({ user: user.username, ids: [...inMemory].sort() });
      expect({ user: user.username, ids: [...live].sort() }).toEqual({ user: user.username, ids: [...inMemory].sort() });
      seen += inMemory.length;
    }
    expect(seen).toBeGreaterThan(cases.length); // the rule is not trivially empty
  });
});
