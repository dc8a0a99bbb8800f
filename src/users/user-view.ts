import type { UserRecord } from '../auth/user.repository';

/** A user as the API shows it (API.md › Accounts): never a password, hash or token version. */
export function userView(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    regionCode: u.regionCode,
    departmentCode: u.departmentCode,
    active: u.active,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}

export type UserView = ReturnType<typeof userView>;
