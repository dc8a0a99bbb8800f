import type { Role } from './role';

/** Who is calling: carried in the access token, so no query per request. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  regionCode: string | null;
  departmentCode: string | null;
  displayName: string;
}
