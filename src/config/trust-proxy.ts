import { isIP } from 'node:net';

/**
 * Express's `trust proxy` value: `false` (believe no X-Forwarded-For, the default), a hop count, or
 * the proxy addresses (IPs, CIDRs, or Express's `loopback` / `linklocal` / `uniquelocal`).
 */
export type TrustProxy = false | number | string[];

const KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Parses `TRUST_PROXY`; returns an error message (naming the bad entry) instead of throwing. */
export function parseTrustProxy(raw: string | undefined): TrustProxy | { error: string } {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(false|none)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) return { error: `a hop count must be at most 10, got ${hops}` };
    return hops === 0 ? false : hops;
  }
  // `true` would believe every client's own X-Forwarded-For: exactly the hole this setting closes.
  if (/^true$/i.test(value)) return { error: 'true would believe any client; name the proxy addresses instead' };
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) return { error: `"${entry}" is not an IP address, a CIDR range, loopback, linklocal or uniquelocal` };
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  if (KEYWORDS.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
