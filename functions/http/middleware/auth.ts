/** API-key authentication (`Authorization: Bearer <key>`) and scope checks. Keys are looked up by their hash. */
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { hashApiKey, hasScope, type Principal, type Scope } from '../../access/api-keys.js';
import type { HubStore } from '../../store/hub-store.js';
import { problems } from '../problem.js';

export type AuthEnv = { Variables: { principal: Principal } };

const cacheMs = 30_000;

/** Finds the principal of an API key (undefined when unknown or revoked), remembering answers for 30 s. */
export function principalLookup(store: HubStore): (key: string) => Promise<Principal | undefined> {
  const cache = new Map<string, { principal: Principal | undefined; until: number }>();
  return async (key) => {
    const keyHash = hashApiKey(key);
    let entry = cache.get(keyHash);
    if (!entry || entry.until < Date.now()) {
      const record = await store.apiKeys.getByHash(keyHash);
      const principal =
        record && !record.revokedAt
          ? { keyId: record.id, name: record.name, scopes: new Set(record.scopes) }
          : undefined;
      entry = { principal, until: Date.now() + cacheMs };
      cache.set(keyHash, entry);
    }
    return entry.principal;
  };
}

export function authenticate(store: HubStore): MiddlewareHandler<AuthEnv> {
  const principalOf = principalLookup(store);
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw problems.unauthorized('send an API key as "Authorization: Bearer <key>"');
    const principal = await principalOf(match[1]);
    if (!principal) throw problems.unauthorized('this API key is unknown or revoked');
    c.set('principal', principal);
    await next();
  });
}

/** Passes when the key holds any of the scopes (admin holds them all). */
export function requireScope(...anyOf: Scope[]): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    if (!hasScope(c.get('principal'), ...anyOf)) {
      throw problems.forbidden(
        `this API key lacks the scope for this action; it needs one of: ${anyOf.join(', ')}`,
      );
    }
    await next();
  });
}
