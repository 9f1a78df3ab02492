/**
 * Keeps webhook deliveries off the hub's own network (server-side request forgery): a webhook URL may not point at
 * private, loopback, link-local, shared, multicast or reserved addresses, in IPv4 or IPv6 (including IPv4 embedded in
 * IPv6), either literally or through the names it resolves to, unless the operator allows the host or its network
 * in `QIAO_WEBHOOK_ALLOWLIST`. The check runs when a subscription is created and again at every connection, so a
 * name that later resolves elsewhere (DNS rebinding) is refused too.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/ and iana-ipv6-special-registry
 */
import { isIP } from 'node:net';

/** A webhook URL the hub refuses to call; the message says why and how to allow it. */
export class UnsafeWebhookUrlError extends Error {
  readonly path = 'webhook.url';
}

/** Resolves a host name to every address it has (A and AAAA). */
export type ResolveHost = (host: string) => Promise<string[]>;

interface Network {
  bytes: Uint8Array;
  prefix: number;
  label: string;
}

/** The operator's exceptions: host names (exact, case-insensitive) and networks (IPs or CIDRs). */
export interface WebhookAllowlist {
  readonly hosts: ReadonlySet<string>;
  readonly networks: readonly Network[];
}

export const emptyAllowlist: WebhookAllowlist = { hosts: new Set(), networks: [] };

/** Parses `QIAO_WEBHOOK_ALLOWLIST` entries (`hooks.internal`, `127.0.0.1`, `10.20.0.0/16`, `fd00::/8`). */
export function parseAllowlist(entries: readonly string[]): WebhookAllowlist {
  const hosts = new Set<string>();
  const networks: Network[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const network = parseNetwork(entry);
    if (network) networks.push(network);
    else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry))
      hosts.add(entry.toLowerCase());
    else
      throw new Error(
        `webhook allow-list entry "${entry}" is neither a host name, an IP address nor a CIDR such as 10.0.0.0/8`,
      );
  }
  return { hosts, networks };
}

/** Reasons an address is off limits, by network; anything not listed is a public address. */
const forbiddenNetworks: Network[] = [
  ['0.0.0.0/8', 'the "this network" block'],
  ['10.0.0.0/8', 'a private network'],
  ['100.64.0.0/10', 'carrier-grade NAT shared space'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata lives here)'],
  ['172.16.0.0/12', 'a private network'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)'],
  ['192.88.99.0/24', '6to4 relay anycast'],
  ['192.168.0.0/16', 'a private network'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved (and broadcast)'],
  ['::/128', 'the unspecified address'],
  ['::1/128', 'loopback'],
  ['100::/64', 'discard-only'],
  ['2001::/23', 'IETF protocol assignments'],
  ['2001:db8::/32', 'documentation'],
  ['fc00::/7', 'a unique-local (private) network'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated private)'],
  ['ff00::/8', 'multicast'],
].map(([cidr, label]) => ({ ...parseNetwork(cidr!)!, label: label! }));

/** IPv6 ranges that carry an IPv4 address, checked as that IPv4 address: [network, byte offset of the IPv4]. */
const embeddingNetworks: [Network, number][] = [
  [parseNetwork('::ffff:0:0/96')!, 12], // IPv4-mapped
  [parseNetwork('::/96')!, 12], // IPv4-compatible (deprecated)
  [parseNetwork('64:ff9b::/96')!, 12], // NAT64
  [parseNetwork('64:ff9b:1::/48')!, 12], // local-use NAT64
  [parseNetwork('2002::/16')!, 2], // 6to4
];

/** Why an IP address may not be called, or undefined when it is a public address. */
export function forbiddenReason(address: string): string | undefined {
  const bytes = parseIp(address);
  if (!bytes) return 'not an IP address';
  if (bytes.length === 16) {
    for (const [network, offset] of embeddingNetworks) {
      if (!inNetwork(bytes, network)) continue;
      const embedded = Array.from(bytes.slice(offset, offset + 4));
      // ::/96 also holds :: and ::1, which are IPv6 addresses in their own right.
      if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15]! <= 1) break;
      const reason = forbiddenReason(embedded.join('.'));
      return reason ? `an IPv6 form of ${embedded.join('.')} (${reason})` : undefined;
    }
  }
  return forbiddenNetworks.find((network) => inNetwork(bytes, network))?.label;
}

/** True when the operator allowed this host by name, or this address by network. */
export function isAllowlisted(allowlist: WebhookAllowlist, host: string, address?: string): boolean {
  if (allowlist.hosts.has(normaliseHost(host))) return true;
  const bytes = parseIp(address ?? normaliseHost(host));
  return !!bytes && allowlist.networks.some((network) => inNetwork(bytes, network));
}

/** Refuses one resolved address of `host` unless it is public or allowed; used at connection time. */
export function assertAddressAllowed(allowlist: WebhookAllowlist, host: string, address: string): void {
  if (isAllowlisted(allowlist, host, address)) return;
  const reason = forbiddenReason(address);
  if (reason) {
    throw new UnsafeWebhookUrlError(
      `webhook host "${host}" resolves to ${address}, which is ${reason}; the hub does not call internal addresses. ` +
        'Use a public endpoint, or add the host or its network to QIAO_WEBHOOK_ALLOWLIST',
    );
  }
}

/**
 * Checks a webhook URL before a subscription is stored: https (http only for allow-listed hosts), no credentials,
 * and every address the host resolves to public or allowed. Returns the normalised URL.
 */
export async function checkWebhookUrl(
  rawUrl: string,
  options: { allowlist: WebhookAllowlist; resolve: ResolveHost },
): Promise<string> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UnsafeWebhookUrlError(
      `"${rawUrl}" is not an absolute URL; give one such as https://example.com/hook`,
    );
  }
  const host = normaliseHost(url.hostname);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UnsafeWebhookUrlError(`webhook URLs must use https, got "${url.protocol}"`);
  }
  if (url.username || url.password) {
    throw new UnsafeWebhookUrlError(
      'webhook URLs may not carry credentials (user:password@); the hub signs every request instead',
    );
  }
  const hostAllowed = isAllowlisted(options.allowlist, host);
  if (url.protocol === 'http:' && !hostAllowed) {
    throw new UnsafeWebhookUrlError(
      `webhook URLs must use https (events carry personal data); "${host}" is not on QIAO_WEBHOOK_ALLOWLIST, which alone permits http`,
    );
  }
  const addresses = isIP(host) ? [host] : await resolveOrFail(options.resolve, host);
  for (const address of addresses) assertAddressAllowed(options.allowlist, host, address);
  url.hash = '';
  return url.toString();
}

async function resolveOrFail(resolve: ResolveHost, host: string): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new UnsafeWebhookUrlError(
      `webhook host "${host}" does not resolve (${(error as Error).message}); check the URL`,
    );
  }
  if (addresses.length === 0) throw new UnsafeWebhookUrlError(`webhook host "${host}" has no addresses`);
  return addresses;
}

/** URL host names keep IPv6 literals in brackets; zone ids (`%eth0`) never make an address public. */
function normaliseHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses as bytes

function parseNetwork(text: string): Network | undefined {
  const [address, prefixText, ...rest] = text.split('/');
  if (rest.length || !address) return undefined;
  const bytes = parseIp(address);
  if (!bytes) return undefined;
  const bits = bytes.length * 8;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(bits)) || prefix > bits) return undefined;
  return { bytes, prefix, label: text };
}

function parseIp(text: string): Uint8Array | undefined {
  const address = text.replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 4) return Uint8Array.from(address.split('.').map(Number));
  if (family !== 6) return undefined;
  // A trailing dotted quad (`::ffff:127.0.0.1`) becomes two hex groups, so the rest is plain hex.
  const hex = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((g) => g.toString(16)).join(':'),
  );
  const groups = (part: string) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const [left = '', right] = hex.split('::');
  const head = groups(left);
  const tail = groups(right ?? '');
  const all =
    right === undefined ? head : [...head, ...Array(8 - head.length - tail.length).fill(0), ...tail];
  if (all.length !== 8) return undefined;
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

function inNetwork(bytes: Uint8Array, network: Network): boolean {
  if (bytes.length !== network.bytes.length) return false;
  let bits = network.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (network.bytes[i]! & mask)) return false;
  }
  return true;
}
