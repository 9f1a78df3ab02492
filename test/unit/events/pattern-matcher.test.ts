// Unit tests for the EventBridge pattern matcher: the behaviour the conformance templates leave out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  InvalidPatternError,
  matchesPattern,
} from '../../../functions/events/pattern-matcher.js';

const rejection = (pattern: unknown): InvalidPatternError => {
  try {
    compilePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidPatternError) return error;
    throw error;
  }
  throw new Error('expected the pattern to be rejected');
};

describe('matchesPattern', () => {
  describe('exact values', () => {
    it('matches strings character by character, without case folding or trimming', () => {
      const pattern = { name: ['Alice '] };
      expect(matchesPattern(pattern, { name: 'Alice ' })).toBe(true);
      expect(matchesPattern(pattern, { name: 'alice ' })).toBe(false);
      expect(matchesPattern(pattern, { name: 'Alice' })).toBe(false);
    });

    it('matches numbers by value, so 3.0 and 3e0 equal 3', () => {
      const pattern = { count: [3] };
      expect(matchesPattern(pattern, { count: 3.0 })).toBe(true);
      expect(matchesPattern(pattern, JSON.parse('{"count": 3e0}'))).toBe(true);
      expect(matchesPattern(pattern, { count: 3.5 })).toBe(false);
    });

    it('keeps types apart: numbers, strings, booleans and null never match each other', () => {
      expect(matchesPattern({ n: [300] }, { n: '300' })).toBe(false);
      expect(matchesPattern({ n: ['300'] }, { n: 300 })).toBe(false);
      expect(matchesPattern({ b: [false] }, { b: 'false' })).toBe(false);
      expect(matchesPattern({ b: [false] }, { b: 0 })).toBe(false);
      expect(matchesPattern({ x: [null] }, { x: 'null' })).toBe(false);
    });

    it('compares IP-address literals as addresses', () => {
      const pattern = { ip: ['2001:db8::1'] };
      expect(matchesPattern(pattern, { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' })).toBe(true);
      expect(matchesPattern(pattern, { ip: '2001:db8::2' })).toBe(false);
    });

    it('matches every field of the pattern and ignores fields it does not name', () => {
      const pattern = { source: ['qiao'], detail: { state: ['open'] } };
      expect(
        matchesPattern(pattern, { source: 'qiao', extra: 1, detail: { state: 'open', other: true } }),
      ).toBe(true);
      expect(matchesPattern(pattern, { source: 'qiao', detail: { state: 'closed' } })).toBe(false);
      expect(matchesPattern(pattern, { source: 'qiao' })).toBe(false);
    });

    it('does not match events that are not objects', () => {
      const pattern = { source: [{ exists: false }] };
      expect(matchesPattern(pattern, null)).toBe(false);
      expect(matchesPattern(pattern, [{}])).toBe(false);
      expect(matchesPattern(pattern, 'source')).toBe(false);
    });
  });

  describe('arrays', () => {
    it('matches when any array element matches', () => {
      const pattern = { resources: ['arn:b', 'arn:z'] };
      expect(matchesPattern(pattern, { resources: ['arn:a', 'arn:b'] })).toBe(true);
      expect(matchesPattern(pattern, { resources: ['arn:a', 'arn:c'] })).toBe(false);
    });

    it('looks through nested arrays and arrays of objects', () => {
      expect(matchesPattern({ tags: ['x'] }, { tags: [['a'], ['b', 'x']] })).toBe(true);
      expect(matchesPattern({ items: { sku: ['B-2'] } }, { items: [{ sku: 'A-1' }, { sku: 'B-2' }] })).toBe(
        true,
      );
    });

    it('matches fields of objects in an array only when they come from the same element', () => {
      const event = {
        employees: [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
          { firstName: 'Peter', lastName: 'Jones' },
        ],
      };
      expect(matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
      expect(matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
    });

    it('does not match an empty array, not even against null', () => {
      expect(matchesPattern({ resources: [null] }, { resources: [] })).toBe(false);
      expect(matchesPattern({ resources: [{ exists: true }] }, { resources: [] })).toBe(false);
    });
  });

  describe('numeric', () => {
    it('compares integers and floats by value', () => {
      const pattern = { n: [{ numeric: ['=', 3] }] };
      expect(matchesPattern(pattern, { n: 3 })).toBe(true);
      expect(matchesPattern(pattern, { n: 3.0 })).toBe(true);
      expect(matchesPattern(pattern, { n: 3.01 })).toBe(false);
      expect(matchesPattern({ n: [{ numeric: ['>', 100] }] }, { n: 101.0 })).toBe(true);
    });

    it('respects open and closed bounds of a range', () => {
      const pattern = { n: [{ numeric: ['>', 0, '<=', 5] }] };
      expect([0, 0.5, 5, 5.000001, -1].map((n) => matchesPattern(pattern, { n }))).toEqual([
        false,
        true,
        true,
        false,
        false,
      ]);
      const halfOpen = { n: [{ numeric: ['>=', 10, '<', 20] }] };
      expect([10, 19.99, 20].map((n) => matchesPattern(halfOpen, { n }))).toEqual([true, true, false]);
    });

    it('matches a number inside a range exactly when lower <= n < upper', () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer(), fc.integer(), (a, b, n) => {
          fc.pre(a < b && Math.abs(a) <= 5e9 && Math.abs(b) <= 5e9 && Math.abs(n) <= 5e9);
          const pattern = { n: [{ numeric: ['>=', a, '<', b] }] };
          return matchesPattern(pattern, { n }) === (a <= n && n < b);
        }),
      );
    });

    it('matches only JSON numbers, never numeric strings, booleans or null', () => {
      const pattern = { n: [{ numeric: ['>', 0] }] };
      expect(matchesPattern(pattern, { n: '5' })).toBe(false);
      expect(matchesPattern(pattern, { n: true })).toBe(false);
      expect(matchesPattern(pattern, { n: null })).toBe(false);
    });

    it('does not match numbers outside ±5e9, while exact values still do', () => {
      expect(matchesPattern({ n: [{ numeric: ['>', 0] }] }, { n: 6e9 })).toBe(false);
      expect(matchesPattern({ account: [123456789012] }, { account: 123456789012 })).toBe(true);
    });
  });

  describe('null and missing fields', () => {
    it('matches null only against null, not against a missing field', () => {
      const pattern = { detail: { reason: [null] } };
      expect(matchesPattern(pattern, { detail: { reason: null } })).toBe(true);
      expect(matchesPattern(pattern, { detail: {} })).toBe(false);
    });

    it('counts null and empty strings as existing, but not objects or missing fields', () => {
      const pattern = { detail: { reason: [{ exists: true }] } };
      expect(matchesPattern(pattern, { detail: { reason: null } })).toBe(true);
      expect(matchesPattern(pattern, { detail: { reason: '' } })).toBe(true);
      expect(matchesPattern(pattern, { detail: { reason: { code: 1 } } })).toBe(false);
      expect(matchesPattern(pattern, { detail: {} })).toBe(false);
    });

    it('matches exists:false only when no value sits at that path', () => {
      const pattern = { detail: { reason: [{ exists: false }] } };
      expect(matchesPattern(pattern, { detail: {} })).toBe(true);
      expect(matchesPattern(pattern, {})).toBe(true);
      expect(matchesPattern(pattern, { detail: { reason: { code: 1 } } })).toBe(true);
      expect(matchesPattern(pattern, { detail: { reason: null } })).toBe(false);
    });

    it('lets anything-but match null, but never a missing field', () => {
      const pattern = { state: [{ 'anything-but': 'closed' }] };
      expect(matchesPattern(pattern, { state: null })).toBe(true);
      expect(matchesPattern(pattern, {})).toBe(false);
    });
  });

  describe('anything-but', () => {
    it('excludes a single string or number', () => {
      expect(matchesPattern({ s: [{ 'anything-but': 'a' }] }, { s: 'b' })).toBe(true);
      expect(matchesPattern({ s: [{ 'anything-but': 'a' }] }, { s: 'a' })).toBe(false);
      expect(matchesPattern({ n: [{ 'anything-but': 100 }] }, { n: 100.0 })).toBe(false);
      expect(matchesPattern({ n: [{ 'anything-but': 100 }] }, { n: 101 })).toBe(true);
    });

    it('excludes every value of a list', () => {
      const pattern = { state: [{ 'anything-but': ['stopped', 'overloaded'] }] };
      expect(matchesPattern(pattern, { state: 'stopped' })).toBe(false);
      expect(matchesPattern(pattern, { state: 'overloaded' })).toBe(false);
      expect(matchesPattern(pattern, { state: 'running' })).toBe(true);
      expect(matchesPattern({ n: [{ 'anything-but': [1, 2] }] }, { n: 3 })).toBe(true);
    });

    it('excludes prefixes, suffixes, case-insensitive values and wildcards, singly or in lists', () => {
      const prefixes = { region: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] };
      expect(matchesPattern(prefixes, { region: 'us-east-1' })).toBe(false);
      expect(matchesPattern(prefixes, { region: 'ap-south-1' })).toBe(true);
      expect(matchesPattern({ f: [{ 'anything-but': { suffix: '.png' } }] }, { f: 'a.png' })).toBe(false);
      const states = { state: [{ 'anything-but': { 'equals-ignore-case': ['open', 'closed'] } }] };
      expect(matchesPattern(states, { state: 'OPEN' })).toBe(false);
      expect(matchesPattern(states, { state: 'pending' })).toBe(true);
      const paths = { path: [{ 'anything-but': { wildcard: '*/lib/*' } }] };
      expect(matchesPattern(paths, { path: '/usr/lib/x' })).toBe(false);
      expect(matchesPattern(paths, { path: '/usr/bin/x' })).toBe(true);
    });

    it('matches values of another type than the excluded ones', () => {
      expect(matchesPattern({ s: [{ 'anything-but': '5' }] }, { s: 5 })).toBe(true);
      expect(matchesPattern({ s: [{ 'anything-but': { prefix: 'init' } }] }, { s: 12 })).toBe(true);
      expect(matchesPattern({ n: [{ 'anything-but': [5] }] }, { n: '5' })).toBe(true);
    });

    it('matches an array when any of its elements is not excluded', () => {
      const pattern = { tags: [{ 'anything-but': 'a' }] };
      expect(matchesPattern(pattern, { tags: ['a', 'b'] })).toBe(true);
      expect(matchesPattern(pattern, { tags: ['a'] })).toBe(false);
    });

    it('is the negation of an exact match for strings', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), (excluded, value) => {
          const but = matchesPattern({ v: [{ 'anything-but': excluded }] }, { v: value });
          return but === !matchesPattern({ v: [excluded] }, { v: value });
        }),
      );
    });
  });

  describe('prefix, suffix and equals-ignore-case', () => {
    it('matches prefixes and suffixes case-sensitively', () => {
      expect(matchesPattern({ t: [{ prefix: '2024-' }] }, { t: '2024-05-01' })).toBe(true);
      expect(matchesPattern({ f: [{ suffix: '.PNG' }] }, { f: 'a.png' })).toBe(false);
    });

    it('matches prefixes and suffixes ignoring case when asked to', () => {
      expect(
        matchesPattern({ s: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, { s: 'EvEnTbridge' }),
      ).toBe(true);
      expect(matchesPattern({ f: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { f: 'A.PNG' })).toBe(
        true,
      );
      expect(matchesPattern({ f: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { f: 'a.jpg' })).toBe(
        false,
      );
    });

    it('matches an empty prefix against any string but not against other types', () => {
      const pattern = { s: [{ prefix: '' }] };
      expect(matchesPattern(pattern, { s: '' })).toBe(true);
      expect(matchesPattern(pattern, { s: 'anything' })).toBe(true);
      expect(matchesPattern(pattern, { s: 1 })).toBe(false);
    });

    it('matches whole strings ignoring case, including non-ASCII letters', () => {
      const pattern = { city: [{ 'equals-ignore-case': 'ÅLESUND' }] };
      expect(matchesPattern(pattern, { city: 'ålesund' })).toBe(true);
      expect(matchesPattern(pattern, { city: 'ålesunds' })).toBe(false);
    });
  });

  describe('wildcard', () => {
    it('lets * stand for any run of characters, including none', () => {
      const pattern = { key: [{ wildcard: 'uploads/*/*.png' }] };
      expect(matchesPattern(pattern, { key: 'uploads/2024/cat.png' })).toBe(true);
      expect(matchesPattern(pattern, { key: 'uploads//.png' })).toBe(true);
      expect(matchesPattern(pattern, { key: 'uploads/cat.jpg' })).toBe(false);
    });

    it('treats \\* as a literal star and \\\\ as a literal backslash', () => {
      const star = { v: [{ wildcard: 'a\\*b' }] };
      expect(matchesPattern(star, { v: 'a*b' })).toBe(true);
      expect(matchesPattern(star, { v: 'axb' })).toBe(false);
      const backslash = { v: [{ wildcard: 'c:\\\\*' }] };
      expect(matchesPattern(backslash, { v: 'c:\\temp' })).toBe(true);
      expect(matchesPattern(backslash, { v: 'c:temp' })).toBe(false);
    });

    it('matches an empty wildcard only against the empty string, and never non-strings', () => {
      expect(matchesPattern({ v: [{ wildcard: '' }] }, { v: '' })).toBe(true);
      expect(matchesPattern({ v: [{ wildcard: '' }] }, { v: 'x' })).toBe(false);
      expect(matchesPattern({ v: [{ wildcard: '*' }] }, { v: 7 })).toBe(false);
    });

    it('agrees with a regular-expression reference on random patterns and texts', () => {
      // Short runs over a small alphabet keep the patterns within EventBridge's wildcard complexity limit.
      const char = fc.constantFrom('a', 'b', '/', '.', 'é');
      const run = fc.array(char, { maxLength: 3 }).map((chars) => chars.join(''));
      const runs = fc.array(run, { minLength: 1, maxLength: 3 }).filter((r) => r.slice(1, -1).every(Boolean));
      const text = fc.array(char, { maxLength: 12 }).map((chars) => chars.join(''));
      fc.assert(
        fc.property(runs, text, (literals, value) => {
          const escaped = literals.map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
          const reference = new RegExp(`^${escaped.join('[\\s\\S]*')}$`);
          return (
            matchesPattern({ v: [{ wildcard: literals.join('*') }] }, { v: value }) === reference.test(value)
          );
        }),
      );
    });
  });

  describe('$or', () => {
    const pattern = {
      source: ['qiao'],
      detail: {
        $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
      },
    };

    it('matches when any alternative matches, alongside the sibling fields', () => {
      expect(matchesPattern(pattern, { source: 'qiao', detail: { 'c-count': 3 } })).toBe(true);
      expect(matchesPattern(pattern, { source: 'qiao', detail: { 'd-count': 9 } })).toBe(true);
      expect(matchesPattern(pattern, { source: 'qiao', detail: { 'c-count': 9, 'd-count': 10 } })).toBe(
        false,
      );
      expect(matchesPattern(pattern, { source: 'other', detail: { 'c-count': 3 } })).toBe(false);
    });

    it('combines nested $or inside an alternative', () => {
      const nested = {
        $or: [
          { kind: ['a'] },
          { kind: ['b'], $or: [{ level: [{ numeric: ['>=', 3] }] }, { urgent: [true] }] },
        ],
      };
      expect(matchesPattern(nested, { kind: 'a' })).toBe(true);
      expect(matchesPattern(nested, { kind: 'b', level: 4 })).toBe(true);
      expect(matchesPattern(nested, { kind: 'b', urgent: true })).toBe(true);
      expect(matchesPattern(nested, { kind: 'b', level: 1, urgent: false })).toBe(false);
    });

    it('combines parallel $or groups as an AND of ORs', () => {
      const parallel = {
        $or: [{ a: [1] }, { b: [1] }],
        detail: { $or: [{ c: [1] }, { d: [1] }] },
      };
      expect(matchesPattern(parallel, { b: 1, detail: { c: 1 } })).toBe(true);
      expect(matchesPattern(parallel, { b: 1, detail: { e: 1 } })).toBe(false);
    });
  });

  describe('cidr', () => {
    it('matches IPv4 and IPv6 addresses inside the block', () => {
      expect(matchesPattern({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.0.255' })).toBe(true);
      expect(matchesPattern({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.1.0' })).toBe(false);
      expect(matchesPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:ffff::1' })).toBe(true);
      expect(matchesPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'not-an-ip' })).toBe(false);
      expect(matchesPattern({ ip: [{ cidr: '10.0.0.77/24' }] }, { ip: '10.0.0.1' })).toBe(true);
    });
  });

  describe('on CloudEvents', () => {
    const event = {
      specversion: '1.0',
      id: 'dispute/abc.000000000001.dispute.created',
      source: 'qiao://ingest',
      type: 'qiao.dispute.created',
      subject: 'dispute/abc',
      time: '2024-05-01T08:00:00.000Z',
      datacontenttype: 'application/json',
      sequence: '000000000001',
      data: {
        location: { divisionCode: '330681001', township: 'Fengqiao' },
        parties: [{ role: 'claimant' }],
      },
    };
    const pattern = {
      type: ['qiao.dispute.created'],
      data: { location: { divisionCode: [{ prefix: '330681' }] } },
    };

    it('matches on the CloudEvent type and nested data fields', () => {
      expect(matchesPattern(pattern, event)).toBe(true);
    });

    it('does not match another event type or another division', () => {
      expect(matchesPattern(pattern, { ...event, type: 'qiao.dispute.resolved' })).toBe(false);
      const elsewhere = { ...event, data: { location: { divisionCode: '330602001' } } };
      expect(matchesPattern(pattern, elsewhere)).toBe(false);
    });

    it('matches fields inside arrays of the data payload', () => {
      expect(matchesPattern({ data: { parties: { role: ['claimant'] } } }, event)).toBe(true);
    });
  });
});

describe('compilePattern', () => {
  it('returns a matcher that can be reused for many events', () => {
    const compiled = compilePattern({ detail: { state: ['open'] } });
    expect(compiled.matches({ detail: { state: 'open' } })).toBe(true);
    expect(compiled.matches({ detail: { state: 'closed' } })).toBe(false);
    expect(compiled.matches({ detail: { state: 'open' } })).toBe(true);
  });

  it('rejects with an InvalidPatternError whose message names the path and the reason', () => {
    const error = rejection({ detail: { state: [{ prefix: 5 }] } });
    expect(error).toBeInstanceOf(InvalidPatternError);
    expect(error.name).toBe('InvalidPatternError');
    expect(error.path).toBe('detail.state[0].prefix');
    expect(error.message).toBe(
      'invalid pattern at detail.state[0].prefix: "prefix" needs a string or {"equals-ignore-case": "..."}, got 5',
    );
  });

  it('rejects a pattern that is not an object, or has no fields', () => {
    expect(rejection('{"source": ["x"]}').message).toBe(
      'invalid pattern: the pattern must be a JSON object, got "{\\"source\\": [\\"x\\"]}"',
    );
    expect(rejection([]).path).toBe('');
    expect(rejection({}).message).toBe('invalid pattern: needs at least one field, got {}');
    expect(rejection({ detail: {} }).message).toBe(
      'invalid pattern at detail: needs at least one field, got {}',
    );
  });

  it('rejects values that are not in an array, and empty arrays', () => {
    expect(rejection({ detail: { count: 42 } }).message).toBe(
      'invalid pattern at detail.count: needs an array of match values or a nested object, got 42',
    );
    expect(rejection({ resources: [] }).message).toBe(
      'invalid pattern at resources: needs at least one match value, got []',
    );
  });

  it('rejects nested arrays and operator objects with other than one operator', () => {
    expect(rejection({ a: [['x']] }).path).toBe('a[0]');
    expect(rejection({ a: [{}] }).message).toBe(
      'invalid pattern at a[0]: operator objects need exactly one operator, got {}',
    );
    expect(rejection({ a: [{ prefix: 'x', suffix: 'y' }] }).path).toBe('a[0]');
  });

  it('rejects unknown operators, which are case-sensitive', () => {
    expect(rejection({ a: [{ EXISTS: true }] }).message).toMatch(
      /^invalid pattern at a\[0\]\.EXISTS: unknown operator "EXISTS"/,
    );
    expect(rejection({ a: [{ contains: 'x' }] }).path).toBe('a[0].contains');
  });

  it('rejects invalid numeric ranges', () => {
    const reason = (numeric: unknown) => rejection({ n: [{ numeric }] }).message;
    expect(reason([])).toBe(
      'invalid pattern at n[0].numeric: "numeric" needs an array such as [">", 0, "<=", 5], got []',
    );
    expect(reason(['>', 5, '<', 5])).toBe(
      'invalid pattern at n[0].numeric: the lower bound 5 must be less than the upper bound 5',
    );
    expect(reason(['<', 10, '>', 0])).toBe(
      'invalid pattern at n[0].numeric[2]: nothing may follow an upper bound (write the lower bound first), got ">"',
    );
    expect(reason(['=', 1, '<', 2])).toBe(
      'invalid pattern at n[0].numeric[2]: nothing may follow "=", got "<"',
    );
    expect(reason(['>', 0, '>', 0])).toBe(
      'invalid pattern at n[0].numeric[2]: a lower bound can only be followed by "<" or "<=", got ">"',
    );
    expect(reason(['>', 0, '<'])).toBe('invalid pattern at n[0].numeric[3]: "<" needs a number, got nothing');
    expect(reason(['>', '0'])).toBe('invalid pattern at n[0].numeric[1]: ">" needs a number, got "0"');
    expect(reason(['!=', 0])).toBe(
      'invalid pattern at n[0].numeric[0]: expected one of "<", "<=", "=", ">", ">=", got "!="',
    );
    expect(reason(['>', 6e9])).toBe(
      'invalid pattern at n[0].numeric[1]: numbers must be between -5e9 and 5e9, got 6000000000',
    );
    expect(reason(['<', 0.1234567])).toBe(
      'invalid pattern at n[0].numeric[1]: numbers can have at most 6 decimal places, got 0.1234567',
    );
  });

  it('rejects anything-but with null, mixed or empty lists, or empty prefixes', () => {
    expect(rejection({ s: [{ 'anything-but': null }] }).path).toBe('s[0].anything-but');
    expect(rejection({ s: [{ 'anything-but': ['a', null] }] }).path).toBe('s[0].anything-but[1]');
    expect(rejection({ s: [{ 'anything-but': ['a', 1] }] }).message).toBe(
      'invalid pattern at s[0].anything-but: "anything-but" needs a non-empty list of only strings or only numbers, got ["a",1]',
    );
    expect(rejection({ s: [{ 'anything-but': [] }] }).path).toBe('s[0].anything-but');
    expect(rejection({ s: [{ 'anything-but': { prefix: '' } }] }).message).toBe(
      'invalid pattern at s[0].anything-but.prefix: "prefix" inside "anything-but" needs a non-empty string or a list of them, got ""',
    );
    expect(rejection({ s: [{ 'anything-but': { exists: true } }] }).path).toBe('s[0].anything-but');
  });

  it('rejects malformed wildcards', () => {
    expect(rejection({ v: [{ wildcard: 'a**b' }] }).message).toBe(
      'invalid pattern at v[0].wildcard: "wildcard" cannot have consecutive "*" (at position 1)',
    );
    expect(rejection({ v: [{ wildcard: 'a\\b' }] }).message).toBe(
      'invalid pattern at v[0].wildcard: "wildcard" can only escape "*" and "\\" with a backslash (at position 1)',
    );
    expect(rejection({ v: [{ 'anything-but': { wildcard: ['ok*', 'x**'] } }] }).path).toBe(
      'v[0].anything-but.wildcard[1]',
    );
  });

  it('rejects wildcards that are too complex, counting all wildcards on the same field', () => {
    expect(rejection({ arn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] }).message).toMatch(
      /^invalid pattern at arn: "wildcard" patterns are too complex \(11 live matches, limit 10\)/,
    );
    expect(() => compilePattern({ arn: [{ wildcard: '*:*:*:*:*/x' }] })).not.toThrow();
    const keys = ['bif', 'tif', 'tiff', 'svs'].map((ext) => ({ wildcard: `*/datasync/*.${ext}` }));
    expect(() => compilePattern({ key: keys.slice(0, 2) })).not.toThrow();
    expect(rejection({ key: keys }).path).toBe('key');
  });

  it('rejects $or that is not a list of at least two pattern objects', () => {
    expect(rejection({ $or: [{ a: [1] }] }).message).toBe(
      'invalid pattern at $or: "$or" needs an array of at least two pattern objects, got [{"a":[1]}]',
    );
    expect(rejection({ $or: { a: [1] } }).path).toBe('$or');
    expect(rejection({ detail: { $or: [{ a: [1] }, 'b'] } }).path).toBe('detail.$or[1]');
  });

  it('rejects operator names used as field names inside $or', () => {
    expect(rejection({ $or: [{ a: [1] }, { numeric: [1] }] }).message).toBe(
      'invalid pattern at $or[1].numeric: "numeric" is reserved for operators and cannot be a field name inside "$or"',
    );
  });

  it('rejects malformed cidr blocks', () => {
    expect(rejection({ ip: [{ cidr: '10.0.0.0' }] }).path).toBe('ip[0].cidr');
    expect(rejection({ ip: [{ cidr: '10.0.0.0/32' }] }).message).toBe(
      'invalid pattern at ip[0].cidr: "cidr" mask length must be 0 to 31, got 32',
    );
    expect(rejection({ ip: [{ cidr: '10.0.0.300/8' }] }).path).toBe('ip[0].cidr');
  });

  it('rejects exists with anything but a boolean', () => {
    expect(rejection({ a: [{ exists: 'yes' }] }).message).toBe(
      'invalid pattern at a[0].exists: "exists" needs true or false, got "yes"',
    );
  });

  it('quotes keys that are not plain identifiers in the path', () => {
    expect(rejection({ detail: { 'state.status': 'x' } }).path).toBe('detail["state.status"]');
  });
});
