/**
 * Posts webhooks with Node's HTTP client, checking every address it connects to against the SSRF guard (so a name
 * that resolves to an internal address after the subscription was checked is still refused), following no
 * redirects, and giving up after the timeout. Connections are kept alive per receiver.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { assertAddressAllowed, type WebhookAllowlist } from '../events/ssrf-guard.js';
import type { WebhookRequest, WebhookResponse, WebhookSender } from './ports.js';

/** Enough of a receiver's answer to explain a failure. */
const maxBodyExcerpt = 1024;

export class HttpWebhookSender implements WebhookSender {
  private readonly agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: 16 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: 16 }),
  };

  constructor(private readonly allowlist: WebhookAllowlist) {}

  send(request: WebhookRequest): Promise<WebhookResponse> {
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new Error(`cannot post to a ${url.protocol} URL`));
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Node connects to IP literals without a lookup, so they are checked here.
    if (isIP(host)) assertAddressAllowed(this.allowlist, host, host);
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<WebhookResponse>((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          agent: this.agents[url.protocol as 'http:' | 'https:'],
          lookup: this.guardedLookup,
          signal,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (body.length < maxBodyExcerpt) body += chunk.slice(0, maxBodyExcerpt - body.length);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', reject);
        },
      );
      req.on('error', (error) => {
        reject(timeout.aborted ? new Error(`no answer within ${request.timeoutMs} ms`) : error);
      });
      req.end(request.body);
    });
  }

  /** Resolves like `dns.lookup`, refusing the connection if any address is internal and not allowed. */
  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      try {
        for (const { address } of addresses) assertAddressAllowed(this.allowlist, hostname, address);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no addresses`) as NodeJS.ErrnoException, '', 0);
      callback(null, first.address, first.family);
    });
  };

  /** Closes kept-alive connections (when the runtime stops). */
  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
