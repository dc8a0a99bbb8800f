import type { AuthUser } from '../auth/auth-user';
import type { Actor } from './domain/case-machine';

/** Who acts, as the state machine sees them and as the timeline records them. */
export interface Acting {
  actor: Actor;
  id: string | null;
  name: string;
  role: string | null;
}

export const actingUser = (u: AuthUser): Acting => ({
  actor: { kind: 'user', role: u.role, regionCode: u.regionCode, departmentCode: u.departmentCode, id: u.id },
  id: u.id,
  name: u.username,
  role: u.role,
});

export const SYSTEM: Acting = { actor: { kind: 'system' }, id: null, name: 'system', role: null };
export const RESIDENT: Acting = { actor: { kind: 'resident' }, id: null, name: 'resident', role: null };
