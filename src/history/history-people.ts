import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../auth/role';

/** The demo city's staff, as the machine sees them: whoever holds a case, the street, a department's liaison. */
export class People {
  private readonly byRegion = new Map<string, AuthUser>();
  private readonly byDepartment = new Map<string, AuthUser>();

  constructor(users: AuthUser[]) {
    // The first user of each role and place acts (users come in username order: the same one every load).
    for (const u of users) {
      if (u.regionCode) this.byRegion.set(`${u.role}@${u.regionCode}`, this.byRegion.get(`${u.role}@${u.regionCode}`) ?? u);
      if (u.departmentCode && u.role === 'liaison') this.byDepartment.set(u.departmentCode, this.byDepartment.get(u.departmentCode) ?? u);
    }
  }

  static async load(em: EntityManager): Promise<People> {
    const rows: AuthUser[] = await em.query(
      `SELECT id, username, role, region_code AS "regionCode", department_code AS "departmentCode", display_name AS "displayName"
       FROM app_user WHERE active ORDER BY username`,
    );
    return new People(rows);
  }

  user(role: Role, regionCode: string): AuthUser | undefined {
    return this.byRegion.get(`${role}@${regionCode}`);
  }

  liaison(departmentCode: string): AuthUser | undefined {
    return this.byDepartment.get(departmentCode);
  }
}
