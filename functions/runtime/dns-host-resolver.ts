/** Resolves host names with the operating system's resolver (A and AAAA), as the webhook sender will connect. */
import { lookup } from 'node:dns/promises';
import type { HostResolver } from './ports.js';

export const dnsHostResolver: HostResolver = {
  resolve: async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address),
};
