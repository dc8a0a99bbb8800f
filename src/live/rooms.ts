import type { AuthUser } from '../auth/auth-user';
import type { Audience } from '../events/domain-events';

/**
 * Sockets join rooms for what their user may see; an event goes to the rooms of its audience.
 * `region:<code>` — every user whose region is the case's grid or one of its ancestors;
 * `dept:<code>` — a department's liaisons; `all` — admins.
 */
export function roomsOfUser(user: AuthUser): string[] {
  if (user.role === 'admin') return ['all'];
  if (user.role === 'liaison') return user.departmentCode ? [`dept:${user.departmentCode}`] : [];
  return user.regionCode ? [`region:${user.regionCode}`] : [];
}

export function roomsOfAudience(a: Audience): string[] {
  return ['all', ...a.regionCodes.map((r) => `region:${r}`), ...a.departmentCodes.map((d) => `dept:${d}`)];
}
