import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../../functions/ingest/content-hash.js';

describe('contentHash', () => {
  it('is the same whatever the key order', () => {
    expect(contentHash({ a: 1, b: { c: [1, 2], d: '张' } })).toBe(
      contentHash({ b: { d: '张', c: [1, 2] }, a: 1 }),
    );
  });

  it('changes with any value, including array order', () => {
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
    expect(contentHash({ a: '1' })).not.toBe(contentHash({ a: 1 }));
  });

  it('writes canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: null, a: [true, 'x'] })).toBe('{"a":[true,"x"],"b":null}');
  });
});
