import { resolve } from 'node:path';

/** `src/pages/resident/public` under jest, `dist/pages/resident/public` after `nest build` (nest-cli.json assets). */
export const RESIDENT_PUBLIC_DIR = resolve(__dirname, 'public');

/**
 * Everything the pages load comes from this service; photos preview from `blob:`. These replace
 * helmet's API headers (src/common/security-headers.ts) on the pages and their files.
 */
export const RESIDENT_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Revalidated on every load, so a new build reaches phones on their next visit.
  'Cache-Control': 'no-cache',
};
