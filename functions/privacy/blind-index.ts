/**
 * Blind indexes (design principle 6): HMAC-SHA256 with a secret key over a normalised identifier, so equal IDs and
 * phones can be matched without storing them.
 * @see https://datatracker.ietf.org/doc/html/rfc2104
 */
import { createHmac } from 'node:crypto';
import type { BlindIndexer } from '../runtime/ports.js';

export function createBlindIndexer(secretKey: string): BlindIndexer {
  if (secretKey.length < 32) throw new Error('the blind-index key must be at least 32 characters');
  return {
    indexOf: (kind, value) =>
      createHmac('sha256', secretKey).update(`${kind}:${value}`, 'utf8').digest('base64url'),
  };
}
