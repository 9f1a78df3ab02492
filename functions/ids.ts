/**
 * Public ids: a prefix naming the kind, then a time-ordered, random, never-reused body (ULID layout in Crockford
 * base32), so ids sort by creation time and two workers never mint the same one.
 * @see https://github.com/ulid/spec
 */
import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix = 'dsp' | 'per' | 'org' | 'evt' | 'key' | 'rev' | 'sub' | 'aud';

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: number): string {
  const buf = randomBytes(bytes);
  let out = '';
  for (const b of buf) out += alphabet[b % 32];
  return out;
}

export function newId(prefix: IdPrefix, at: Date = new Date()): string {
  return `${prefix}_${encodeTime(at.getTime())}${encodeRandom(16)}`;
}
