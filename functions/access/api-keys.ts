/**
 * API keys and scopes (design principle 6): keys are random secrets shown once and stored only as a SHA-256 hash;
 * each key holds scopes that say what it may do.
 */
import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../ids.js';

/** `admin` may do everything; `source:<id>` may only ingest into that source; `pii` unmasks personal data. */
export type Scope = 'admin' | 'steward' | 'subscriber' | 'reader' | 'pii' | `source:${string}`;

const fixedScopes = new Set(['admin', 'steward', 'subscriber', 'reader', 'pii']);
const sourceScope = /^source:[a-z0-9][a-z0-9-]{0,62}$/;

export function isScope(value: string): value is Scope {
  return fixedScopes.has(value) || sourceScope.test(value);
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  keyHash: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
}

export interface Principal {
  keyId: string;
  name: string;
  scopes: ReadonlySet<Scope>;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Mints a key: `qiao_` + 40 base64url characters of randomness. */
export function mintApiKey(input: { name: string; scopes: Scope[]; createdBy: string; at: Date }): {
  key: string;
  record: ApiKeyRecord;
} {
  const key = `qiao_${randomBytes(30).toString('base64url')}`;
  return { key, record: recordFor(key, input) };
}

/** The stored record for a key chosen by an operator (QIAO_ADMIN_KEY). */
export function recordFor(
  key: string,
  input: { name: string; scopes: Scope[]; createdBy: string; at: Date },
): ApiKeyRecord {
  return {
    id: newId('key', input.at),
    name: input.name,
    scopes: input.scopes,
    keyHash: hashApiKey(key),
    createdAt: input.at.toISOString(),
    createdBy: input.createdBy,
  };
}

export function hasScope(principal: Principal, ...anyOf: Scope[]): boolean {
  return principal.scopes.has('admin') || anyOf.some((s) => principal.scopes.has(s));
}

export function canSeePersonalData(principal: Principal): boolean {
  return principal.scopes.has('admin') || principal.scopes.has('pii');
}
