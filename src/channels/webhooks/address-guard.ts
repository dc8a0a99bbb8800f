import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may be delivered to (SSRF guard). A webhook URL is typed by an admin, but
 * the request leaves from inside the street's network: without this, a URL (or a name that resolves,
 * or later re-resolves, to one) could reach the database, the cloud metadata service or an intranet.
 * Refused unless the allow-list permits it: everything that is not a public unicast address.
 */
const REFUSED: [cidr: string, why: string][] = [
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'shared address space (CGNAT)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved (incl. broadcast)'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b::/96', 'NAT64 (may embed a private IPv4 address)'],
  ['64:ff9b:1::/48', 'NAT64 (may embed a private IPv4 address)'],
  ['100::/64', 'discard-only'],
  ['2001::/23', 'IETF protocol assignments (incl. Teredo)'],
  ['2001:db8::/32', 'documentation'],
  ['2002::/16', '6to4 (may embed a private IPv4 address)'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['ff00::/8', 'multicast'],
];

/** `true` (WEBHOOK_ALLOW_PRIVATE=true): any address; a list: these CIDR ranges besides public ones; `false`: public only. */
export type PrivateAllowance = boolean | string[];

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

function blockList(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, prefix] = cidr.split('/');
    const fam = family(net);
    list.addSubnet(net, prefix === undefined ? (fam === 'ipv4' ? 32 : 128) : Number(prefix), fam);
  }
  return list;
}

const ranges = REFUSED.map(([cidr, why]) => ({ list: blockList([cidr]), why }));

/** `::ffff:10.0.0.1` is 10.0.0.1 on the wire: judged as the IPv4 address it carries. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

export class AddressGuard {
  private readonly allowed: BlockList | undefined;

  constructor(private readonly allowance: PrivateAllowance) {
    this.allowed = Array.isArray(allowance) ? blockList(allowance) : undefined;
  }

  /** Why `address` (an IP literal) may not be called, or null when it may. */
  refusal(address: string): string | null {
    const ip = unmapped(address.replace(/^\[|\]$/g, ''));
    if (isIP(ip) === 0) return `${address} is not an IP address`;
    if (this.allowance === true) return null;
    const fam = family(ip);
    if (this.allowed?.check(ip, fam)) return null;
    const hit = ranges.find((r) => r.list.check(ip, fam));
    return hit ? `${ip} is ${hit.why}; set WEBHOOK_ALLOW_PRIVATE to allow it` : null;
  }
}

/** Parses WEBHOOK_ALLOW_PRIVATE: true/false, or a comma-separated list of CIDR ranges; an error message otherwise. */
export function parsePrivateAllowance(raw: string | undefined): PrivateAllowance | { error: string } {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(false|no|off|0)$/i.test(value)) return false;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [net, prefix, ...rest] = entry.split('/');
    const fam = isIP(net);
    const max = fam === 4 ? 32 : 128;
    if (fam === 0 || rest.length > 0 || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max))) {
      return { error: `"${entry}" is neither true/false nor an IP address or CIDR range` };
    }
  }
  return entries;
}
