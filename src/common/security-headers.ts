import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's hardening headers (nosniff, HSTS, frame options, referrer policy …) on every response. The
 * API answers JSON, so its CSP allows nothing; Swagger UI (/api/docs) gets helmet's page default, which
 * fits its own scripts and inline styles. The wall sets its own CSP on its responses, replacing this
 * one (src/wall/wall.module.ts). No `upgrade-insecure-requests`: on plain HTTP inside a LAN it
 * would break the docs page's assets.
 */
export function securityHeaders(): RequestHandler {
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docs = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  return (req, res, next) => (req.path === '/api/docs' || req.path.startsWith('/api/docs/') ? docs : api)(req, res, next);
}
