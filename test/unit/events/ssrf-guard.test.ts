// The SSRF guard: which webhook addresses the hub refuses, and how the allow-list lets an operator through.
import { describe, expect, it } from 'vitest';
import { ConfigError, readAwsConfig, readLocalConfig } from '../../../functions/config.js';
import {
  assertAddressAllowed,
  checkWebhookUrl,
  forbiddenReason,
  parseAllowlist,
  UnsafeWebhookUrlError,
} from '../../../functions/events/ssrf-guard.js';

const dns: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'],
  'sneaky.example.com': ['93.184.216.34', '10.1.2.3'],
  'metadata.example.com': ['169.254.169.254'],
  'v6-internal.example.com': ['fd12:3456::1'],
  'intranet.corp': ['10.20.1.5'],
};
const resolve = async (host: string) => {
  const found = dns[host];
  if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
  return found;
};
const check = (url: string, allow: string[] = []) =>
  checkWebhookUrl(url, { allowlist: parseAllowlist(allow), resolve });

async function refusal(url: string, allow: string[] = []): Promise<string> {
  const error = await check(url, allow).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, url).toBeInstanceOf(UnsafeWebhookUrlError);
  return (error as Error).message;
}

describe('forbiddenReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'a private network'],
    ['172.16.5.4', 'a private network'],
    ['172.31.255.255', 'a private network'],
    ['192.168.1.1', 'a private network'],
    ['169.254.169.254', 'link-local (cloud metadata lives here)'],
    ['100.64.0.1', 'carrier-grade NAT shared space'],
    ['0.0.0.0', 'the "this network" block'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved (and broadcast)'],
    ['::1', 'loopback'],
    ['::', 'the unspecified address'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00::1', 'a unique-local (private) network'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'an IPv6 form of 127.0.0.1 (loopback)'],
    ['::ffff:a9fe:a9fe', 'an IPv6 form of 169.254.169.254 (link-local (cloud metadata lives here))'],
    ['64:ff9b::10.0.0.1', 'an IPv6 form of 10.0.0.1 (a private network)'],
    ['2002:c0a8:0101::1', 'an IPv6 form of 192.168.1.1 (a private network)'],
  ])('refuses %s as %s', (address, reason) => {
    expect(forbiddenReason(address)).toBe(reason);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('lets public %s through', (address) => {
    expect(forbiddenReason(address)).toBeUndefined();
  });
});

describe('checkWebhookUrl', () => {
  it('accepts an https URL whose every address is public, and drops the fragment', async () => {
    expect(await check('https://hooks.example.com/qiao?x=1#frag')).toBe('https://hooks.example.com/qiao?x=1');
  });

  it('rejects literal private, loopback and link-local addresses, in IPv4 and IPv6', async () => {
    expect(await refusal('https://127.0.0.1/hook')).toContain('127.0.0.1, which is loopback');
    expect(await refusal('https://[::1]:8443/hook')).toContain('::1, which is loopback');
    expect(await refusal('https://[fe80::1]/hook')).toContain('link-local');
    expect(await refusal('https://[::ffff:10.0.0.1]/hook')).toContain('IPv6 form of 10.0.0.1');
    // WHATWG URL parsing turns decimal and hex IPv4 spellings into dotted quads, which are then checked.
    expect(await refusal('https://2130706433/')).toContain('127.0.0.1');
    expect(await refusal('https://0x7f.1/')).toContain('127.0.0.1');
  });

  it('rejects host names that resolve to internal addresses, even if only one of them does', async () => {
    expect(await refusal('https://sneaky.example.com/hook')).toContain('resolves to 10.1.2.3');
    expect(await refusal('https://metadata.example.com/')).toContain('cloud metadata');
    expect(await refusal('https://v6-internal.example.com/')).toContain('unique-local');
  });

  it('rejects plain http, credentials, other schemes and names that do not resolve, saying what to do', async () => {
    expect(await refusal('http://hooks.example.com/hook')).toContain('must use https');
    expect(await refusal('https://me:pw@hooks.example.com/')).toContain('credentials');
    expect(await refusal('ftp://hooks.example.com/')).toContain('"ftp:"');
    expect(await refusal('not a url')).toContain('not an absolute URL');
    expect(await refusal('https://nowhere.invalid/')).toContain('does not resolve');
  });

  it('lets allow-listed hosts and networks through, over http too', async () => {
    expect(await check('http://127.0.0.1:9000/hook', ['127.0.0.1'])).toBe('http://127.0.0.1:9000/hook');
    expect(await check('https://intranet.corp/hook', ['intranet.corp'])).toBe('https://intranet.corp/hook');
    expect(await check('https://intranet.corp/hook', ['10.20.0.0/16'])).toBe('https://intranet.corp/hook');
    expect(await check('https://[fd00::5]/hook', ['fd00::/8'])).toBe('https://[fd00::5]/hook');
    expect(await refusal('https://intranet.corp/hook', ['10.21.0.0/16'])).toContain('QIAO_WEBHOOK_ALLOWLIST');
  });
});

describe('assertAddressAllowed (at connection time)', () => {
  it('refuses a name that now resolves to an internal address (DNS rebinding)', () => {
    const allowlist = parseAllowlist([]);
    expect(() => assertAddressAllowed(allowlist, 'hooks.example.com', '93.184.216.34')).not.toThrow();
    expect(() => assertAddressAllowed(allowlist, 'hooks.example.com', '127.0.0.1')).toThrow(
      UnsafeWebhookUrlError,
    );
  });
});

describe('parseAllowlist', () => {
  it('fails on an entry that is neither a host, an IP nor a CIDR, naming it', () => {
    expect(() => parseAllowlist(['10.0.0.0/33'])).toThrow('"10.0.0.0/33"');
    expect(() => parseAllowlist(['http://x'])).toThrow('neither a host name');
  });
});

describe('QIAO_WEBHOOK_ALLOWLIST', () => {
  it('is read as a comma-separated list by both runtimes, and refused with the offending entry when malformed', () => {
    expect(
      readLocalConfig({ QIAO_WEBHOOK_ALLOWLIST: ' 127.0.0.1, hooks.internal ,10.0.0.0/8' })
        .QIAO_WEBHOOK_ALLOWLIST,
    ).toEqual(['127.0.0.1', 'hooks.internal', '10.0.0.0/8']);
    expect(readLocalConfig({}).QIAO_WEBHOOK_ALLOWLIST).toEqual([]);
    expect(
      readAwsConfig({ QIAO_TABLE_NAME: 't', QIAO_WEBHOOK_ALLOWLIST: 'fd00::/8' }).QIAO_WEBHOOK_ALLOWLIST,
    ).toEqual(['fd00::/8']);
    expect(() => readLocalConfig({ QIAO_WEBHOOK_ALLOWLIST: '10.0.0.0/40' })).toThrow(ConfigError);
    expect(() => readLocalConfig({ QIAO_WEBHOOK_ALLOWLIST: '10.0.0.0/40' })).toThrow('"10.0.0.0/40"');
  });
});
