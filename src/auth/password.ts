import { compare, hash } from 'bcryptjs';

/** bcrypt cost for stored passwords (~60 ms a hash on the 2-core reference machine). */
const PASSWORD_COST = 10;

export const hashPassword = (plain: string) => hash(plain, PASSWORD_COST);
export const verifyPassword = (plain: string, hashed: string) => compare(plain, hashed);
