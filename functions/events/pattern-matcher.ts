/** Validates Amazon EventBridge event patterns with EventBridge's own rules and precompiles them into fast matchers. @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html */

/** A pattern EventBridge would refuse; `path` points into the pattern, e.g. `detail.state[0].prefix`. */
export class InvalidPatternError extends Error {
  readonly path: string;

  constructor(path: string, reason: string) {
    super(path ? `invalid pattern at ${path}: ${reason}` : `invalid pattern: ${reason}`);
    this.name = 'InvalidPatternError';
    this.path = path;
  }
}

export type EventPattern = Record<string, unknown>;

export interface CompiledPattern {
  matches(event: unknown): boolean;
}

type Scalar = string | number | boolean | null;
type Test = (value: Scalar) => boolean;

/** One leaf of the event; `trail` lists (array id, element index) pairs of the arrays it sits in. */
interface Leaf {
  value: Scalar;
  trail: number[];
}

/** The match values of one flattened field path, e.g. `detail.state` (EventBridge joins keys with dots). */
interface Field {
  path: string;
  /** Where the field sits in the pattern, for error messages. */
  where: string;
  accepts: Test;
  /** The field may also match by being absent (`{"exists": false}`). */
  absentOk: boolean;
  wildcards: string[];
}

/** One conjunction of fields; `$or` multiplies branches and a later key overrides an earlier one on the same path. */
type Branch = Map<string, Field>;

const OPERATORS = 'prefix suffix equals-ignore-case wildcard numeric anything-but exists cidr'.split(' ');
/** Names EventBridge refuses as field names inside `$or`: operators and words it keeps for future ones. */
const RESERVED_IN_OR = new Set([
  ...OPERATORS,
  ...`exactly html = < <= > >= regex not-wildcard not-equals-ignore-case ip-address-in-range ip-address-not-in-range
    date-after date-on-or-after date-before date-on-or-before in-date-range`.split(/\s+/),
]);
/** Numeric matching works on JSON numbers within ±5e9, compared to six decimal places. */
const NUMBER_LIMIT = 5e9;
const DECIMALS = 6;
/** EventBridge rejects a field whose wildcards can leave more than this many match paths alive at once. */
const WILDCARD_COMPLEXITY_LIMIT = 10;
/** Not an EventBridge rule: a guard against `$or` nesting multiplying into an unmanageable number of branches. */
const MAX_BRANCHES = 4096;
const MAX_COMPLEXITY_STATES = 50_000;

/** Validates with EventBridge's rules and precompiles; throws InvalidPatternError naming the path and the reason. */
export function compilePattern(pattern: unknown): CompiledPattern {
  if (!isObject(pattern)) fail('', `the pattern must be a JSON object, got ${describe(pattern)}`);
  const branches = compileObject(pattern, '', '', [new Map()], false).map((branch) => [...branch.values()]);
  const fields = new Set(branches.flat());
  checkWildcardComplexity(fields);

  const paths = new Set<string>();
  const prefixes = new Set<string>();
  for (const { path } of fields) {
    paths.add(path);
    const steps = path.split('.');
    for (let i = 1; i <= steps.length; i++) prefixes.add(steps.slice(0, i).join('.'));
  }

  return {
    matches(event: unknown): boolean {
      if (!isObject(event)) return false;
      const leaves = collectLeaves(event, paths, prefixes);
      const candidates = new Map<Field, Leaf[] | 'absent'>();
      const candidatesOf = (field: Field) => {
        let found = candidates.get(field);
        if (found === undefined) {
          const all = leaves.get(field.path);
          if (all) found = all.filter((leaf) => field.accepts(leaf.value));
          else found = field.absentOk ? 'absent' : [];
          candidates.set(field, found);
        }
        return found;
      };
      return branches.some((branch) => {
        const chosen: Leaf[][] = [];
        for (const field of branch) {
          const found = candidatesOf(field);
          if (found === 'absent') continue;
          if (found.length === 0) return false;
          chosen.push(found);
        }
        return hasConsistentChoice(chosen);
      });
    },
  };
}

/** Compiles and matches in one go; compile once with compilePattern when matching many events. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return compilePattern(pattern).matches(event);
}

// ---------------------------------------------------------------------------------------------------------------
// Pattern structure

function compileObject(
  node: Record<string, unknown>,
  where: string,
  prefix: string,
  rules: Branch[],
  insideOr: boolean,
): Branch[] {
  const keys = Object.keys(node);
  if (keys.length === 0) fail(where, 'needs at least one field, got {}');
  let current = rules;
  for (const key of keys) {
    const value = node[key];
    const at = joinPath(where, key);
    if (key === '$or') {
      current = compileOr(value, at, prefix, current);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      fail(at, `"${key}" is reserved for operators and cannot be a field name inside "$or"`);
    }
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) {
      const field = compileField(value, at, path);
      for (const branch of current) branch.set(path, field);
    } else if (isObject(value)) {
      current = compileObject(value, at, path, current, insideOr);
    } else {
      fail(at, `needs an array of match values or a nested object, got ${describe(value)}`);
    }
  }
  return current;
}

function compileOr(value: unknown, where: string, prefix: string, rules: Branch[]): Branch[] {
  if (!Array.isArray(value) || value.length < 2) {
    fail(where, `"$or" needs an array of at least two pattern objects, got ${describe(value)}`);
  }
  const result: Branch[] = [];
  value.forEach((alternative, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(alternative)) {
      fail(at, `"$or" alternatives must be pattern objects, got ${describe(alternative)}`);
    }
    const copies = rules.map((branch) => new Map(branch));
    result.push(...compileObject(alternative, at, prefix, copies, true));
    if (result.length > MAX_BRANCHES) fail(where, `"$or" expands to more than ${MAX_BRANCHES} alternatives`);
  });
  return result;
}

function compileField(values: unknown[], where: string, path: string): Field {
  if (values.length === 0) fail(where, 'needs at least one match value, got []');
  const exact = new Set<Scalar>();
  const numbers = new Set<number>();
  const ips = new Set<string>();
  const tests: Test[] = [];
  const wildcards: string[] = [];
  let anyValue = false;
  let absentOk = false;

  values.forEach((value, i) => {
    const at = `${where}[${i}]`;
    if (typeof value === 'string') {
      // EventBridge compares IP-address literals as addresses, so "::1" also matches "0:0:0:0:0:0:0:1".
      const ip = ipHex(value);
      if (ip === undefined) exact.add(value);
      else ips.add(ip);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) fail(at, `numbers must be finite, got ${describe(value)}`);
      exact.add(value);
      const quantized = quantize(value);
      if (quantized !== undefined && decimalPlaces(value) <= DECIMALS) numbers.add(quantized);
    } else if (typeof value === 'boolean' || value === null) {
      exact.add(value);
    } else if (isObject(value)) {
      const keys = Object.keys(value);
      if (keys.length !== 1) fail(at, `operator objects need exactly one operator, got ${describe(value)}`);
      const operator = keys[0]!;
      const argument = value[operator];
      const opAt = joinPath(at, operator);
      if (operator === 'exists') {
        if (typeof argument !== 'boolean') {
          fail(opAt, `"exists" needs true or false, got ${describe(argument)}`);
        }
        if (argument) anyValue = true;
        else absentOk = true;
      } else {
        tests.push(compileOperator(operator, argument, opAt));
        if (operator === 'wildcard') wildcards.push(argument as string);
      }
    } else {
      fail(
        at,
        `match values must be strings, numbers, booleans, null or operator objects, got ${describe(value)}`,
      );
    }
  });

  const checks: Test[] = [];
  if (anyValue) checks.push(() => true);
  if (exact.size > 0) checks.push((v) => exact.has(v));
  if (numbers.size > 0) {
    checks.push((v) => {
      const quantized = typeof v === 'number' ? quantize(v) : undefined;
      return quantized !== undefined && numbers.has(quantized);
    });
  }
  if (ips.size > 0) {
    checks.push((v) => {
      const ip = typeof v === 'string' ? ipHex(v) : undefined;
      return ip !== undefined && ips.has(ip);
    });
  }
  checks.push(...tests);
  const accepts: Test = checks.length === 1 ? checks[0]! : (v) => checks.some((check) => check(v));
  return { path, where, accepts, absentOk, wildcards };
}

// ---------------------------------------------------------------------------------------------------------------
// Operators

function compileOperator(operator: string, argument: unknown, where: string): Test {
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return compileAffix(operator, argument, where);
    case 'equals-ignore-case': {
      if (typeof argument !== 'string') {
        fail(where, `"equals-ignore-case" needs a string, got ${describe(argument)}`);
      }
      const pattern = ignoreCase(argument, 'equals');
      return (v) => typeof v === 'string' && pattern.test(v);
    }
    case 'wildcard': {
      if (typeof argument !== 'string') fail(where, `"wildcard" needs a string, got ${describe(argument)}`);
      const matches = globMatcher(parseWildcard(argument, where, 'wildcard'));
      return (v) => typeof v === 'string' && matches(v);
    }
    case 'numeric':
      return compileNumeric(argument, where);
    case 'anything-but':
      return compileAnythingBut(argument, where);
    case 'cidr':
      return compileCidr(argument, where);
    default:
      return fail(
        where,
        `unknown operator "${operator}" (operators are case-sensitive: ${OPERATORS.join(', ')})`,
      );
  }
}

function compileAffix(operator: 'prefix' | 'suffix', argument: unknown, where: string): Test {
  if (typeof argument === 'string') {
    return operator === 'prefix'
      ? (v) => typeof v === 'string' && v.startsWith(argument)
      : (v) => typeof v === 'string' && v.endsWith(argument);
  }
  if (isObject(argument)) {
    const keys = Object.keys(argument);
    const text = argument['equals-ignore-case'];
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      fail(
        where,
        `"${operator}" only supports {"equals-ignore-case": "..."} as an object, got ${describe(argument)}`,
      );
    }
    if (typeof text !== 'string') {
      fail(`${where}.equals-ignore-case`, `"equals-ignore-case" needs a string, got ${describe(text)}`);
    }
    const pattern = ignoreCase(text, operator);
    return (v) => typeof v === 'string' && pattern.test(v);
  }
  return fail(
    where,
    `"${operator}" needs a string or {"equals-ignore-case": "..."}, got ${describe(argument)}`,
  );
}

function compileNumeric(spec: unknown, where: string): Test {
  if (!Array.isArray(spec) || spec.length === 0) {
    fail(where, `"numeric" needs an array such as [">", 0, "<=", 5], got ${describe(spec)}`);
  }
  const at = (i: number) => `${where}[${i}]`;
  const operatorAt = (i: number) => {
    const operator = spec[i];
    if (typeof operator !== 'string' || !['<', '<=', '=', '>', '>='].includes(operator)) {
      fail(at(i), `expected one of "<", "<=", "=", ">", ">=", got ${describe(operator)}`);
    }
    return operator;
  };
  const operandAt = (i: number, operator: string) => {
    const operand = spec[i];
    if (typeof operand !== 'number') fail(at(i), `"${operator}" needs a number, got ${describe(operand)}`);
    return comparable(operand, at(i));
  };
  const noMoreAfter = (i: number, reason: string) => {
    if (spec.length > i) fail(at(i), `${reason}, got ${describe(spec[i])}`);
  };

  const first = operatorAt(0);
  const firstValue = operandAt(1, first);
  if (first === '=') {
    noMoreAfter(2, 'nothing may follow "="');
    return numberTest((q) => q === firstValue);
  }
  if (first === '<' || first === '<=') {
    noMoreAfter(2, 'nothing may follow an upper bound (write the lower bound first)');
    return numberTest(first === '<' ? (q) => q < firstValue : (q) => q <= firstValue);
  }
  const above = first === '>' ? (q: number) => q > firstValue : (q: number) => q >= firstValue;
  if (spec.length === 2) return numberTest(above);
  const second = operatorAt(2);
  if (second !== '<' && second !== '<=') {
    fail(at(2), `a lower bound can only be followed by "<" or "<=", got "${second}"`);
  }
  const secondValue = operandAt(3, second);
  noMoreAfter(4, 'a range has at most two bounds');
  if (firstValue >= secondValue) {
    fail(
      where,
      `the lower bound ${describe(spec[1])} must be less than the upper bound ${describe(spec[3])}`,
    );
  }
  const below = second === '<' ? (q: number) => q < secondValue : (q: number) => q <= secondValue;
  return numberTest((q) => above(q) && below(q));
}

function numberTest(test: (quantized: number) => boolean): Test {
  return (v) => {
    const quantized = typeof v === 'number' ? quantize(v) : undefined;
    return quantized !== undefined && test(quantized);
  };
}

function compileAnythingBut(spec: unknown, where: string): Test {
  if (typeof spec === 'string') return (v) => v !== spec;
  if (typeof spec === 'number') {
    const excluded = comparable(spec, where);
    return (v) => typeof v !== 'number' || quantize(v) !== excluded;
  }
  if (Array.isArray(spec)) {
    const invalid = spec.findIndex((item) => typeof item !== 'string' && typeof item !== 'number');
    if (invalid >= 0) {
      fail(
        `${where}[${invalid}]`,
        `"anything-but" lists hold strings or numbers, got ${describe(spec[invalid])}`,
      );
    }
    const strings = spec.filter((item): item is string => typeof item === 'string');
    if (strings.length === spec.length && spec.length > 0) {
      const excluded = new Set(strings);
      return (v) => typeof v !== 'string' || !excluded.has(v);
    }
    if (strings.length > 0 || spec.length === 0) {
      fail(
        where,
        `"anything-but" needs a non-empty list of only strings or only numbers, got ${describe(spec)}`,
      );
    }
    const excluded = new Set(spec.map((item: number, i) => comparable(item, `${where}[${i}]`)));
    return (v) => {
      const quantized = typeof v === 'number' ? quantize(v) : undefined;
      return quantized === undefined || !excluded.has(quantized);
    };
  }
  if (isObject(spec)) {
    const keys = Object.keys(spec);
    const operator = keys[0];
    if (keys.length !== 1 || !['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(operator!)) {
      fail(
        where,
        `"anything-but" objects take one of "prefix", "suffix", "equals-ignore-case" or "wildcard", got ${describe(spec)}`,
      );
    }
    const at = joinPath(where, operator!);
    const texts = stringList(spec[operator!], at, operator!, operator === 'prefix' || operator === 'suffix');
    const tests: ((text: string) => boolean)[] = texts.map((text, i) => {
      if (operator === 'prefix') return (s) => s.startsWith(text);
      if (operator === 'suffix') return (s) => s.endsWith(text);
      if (operator === 'wildcard') {
        return globMatcher(
          parseWildcard(text, Array.isArray(spec[operator]) ? `${at}[${i}]` : at, 'wildcard'),
        );
      }
      const pattern = ignoreCase(text, 'equals');
      return (s) => pattern.test(s);
    });
    return (v) => typeof v !== 'string' || !tests.some((test) => test(v));
  }
  return fail(
    where,
    `"anything-but" needs a string, a number, a list of either, or an object such as {"prefix": "..."}, got ${describe(spec)}`,
  );
}

/** A string, or a list of strings, as `anything-but`'s prefix/suffix/equals-ignore-case/wildcard forms accept. */
function stringList(value: unknown, where: string, operator: string, nonEmpty: boolean): string[] {
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, i) => {
    const at = Array.isArray(value) ? `${where}[${i}]` : where;
    if (typeof item !== 'string' || (nonEmpty && item === '')) {
      const kind = nonEmpty ? 'a non-empty string' : 'a string';
      fail(at, `"${operator}" inside "anything-but" needs ${kind} or a list of them, got ${describe(item)}`);
    }
  });
  return items as string[];
}

function compileCidr(spec: unknown, where: string): Test {
  if (typeof spec !== 'string') {
    fail(where, `"cidr" needs a string such as "10.0.0.0/24", got ${describe(spec)}`);
  }
  const parts = spec.split('/');
  if (parts.length !== 2) {
    fail(where, `"cidr" needs an address, one "/" and a mask length, got ${describe(spec)}`);
  }
  const [address, maskText] = parts as [string, string];
  if (!/^[+-]?\d+$/.test(maskText)) {
    fail(where, `"cidr" mask length must be an integer, got ${describe(maskText)}`);
  }
  const bytes = ipBytes(address);
  if (!bytes) fail(where, `"cidr" needs an IPv4 or IPv6 address, got ${describe(address)}`);
  const maskBits = Number(maskText);
  const maxMask = bytes.length * 8 - 1;
  if (maskBits < 0 || maskBits > maxMask) {
    fail(where, `"cidr" mask length must be 0 to ${maxMask}, got ${maskBits}`);
  }
  const hostBits = bytes.length * 8 - maskBits;
  const hostMask = (i: number) => (1 << Math.min(8, Math.max(0, hostBits - (bytes.length - 1 - i) * 8))) - 1;
  const low = toHex(bytes.map((byte, i) => byte & ~hostMask(i)));
  const high = toHex(bytes.map((byte, i) => byte | hostMask(i)));
  return (v) => {
    const ip = typeof v === 'string' ? ipHex(v) : undefined;
    return ip !== undefined && ip.length === low.length && ip >= low && ip <= high;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Wildcards

/** Splits a wildcard pattern into the literal runs between unescaped `*`; `\*` and `\\` are the only escapes. */
function parseWildcard(pattern: string, where: string, operator: string): string[] {
  const segments: string[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') fail(where, `"${operator}" cannot have consecutive "*" (at position ${i})`);
      segments.push(literal);
      literal = '';
    } else if (ch === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') {
        fail(where, `"${operator}" can only escape "*" and "\\" with a backslash (at position ${i})`);
      }
      literal += next;
      i++;
    } else {
      literal += ch;
    }
  }
  segments.push(literal);
  return segments;
}

/** Linear-time glob matching: anchored first and last runs, the middle runs found leftmost in order. */
function globMatcher(segments: string[]): (text: string) => boolean {
  const first = segments[0]!;
  if (segments.length === 1) return (text) => text === first;
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1);
  const minLength = segments.reduce((sum, segment) => sum + segment.length, 0);
  return (text) => {
    if (text.length < minLength || !text.startsWith(first) || !text.endsWith(last)) return false;
    const end = text.length - last.length;
    let position = first.length;
    for (const segment of middle) {
      const found = text.indexOf(segment, position);
      if (found < 0 || found + segment.length > end) return false;
      position = found + segment.length;
    }
    return true;
  };
}

/**
 * EventBridge's complexity rule: per field, the most wildcard match paths that one input can keep alive at once.
 * Each pattern becomes a byte-level NFA over `"pattern"` (values are matched with their JSON quotes); a `*` is an
 * epsilon edge into a self-looping state. Every live state counts once, as in event-ruler's
 * MachineComplexityEvaluator; the worst case is found by exploring the reachable sets of live states.
 */
function checkWildcardComplexity(fields: Set<Field>): void {
  const byPath = new Map<string, { where: string; patterns: Set<string> }>();
  for (const field of fields) {
    if (field.wildcards.length === 0) continue;
    const entry = byPath.get(field.path) ?? { where: field.where, patterns: new Set<string>() };
    for (const pattern of field.wildcards) entry.patterns.add(pattern);
    byPath.set(field.path, entry);
  }
  for (const { where, patterns } of byPath.values()) {
    const complexity = wildcardComplexity([...patterns]);
    if (complexity > WILDCARD_COMPLEXITY_LIMIT) {
      fail(
        where,
        `"wildcard" patterns are too complex (${Number.isFinite(complexity) ? complexity : 'unbounded'} live matches, ` +
          `limit ${WILDCARD_COMPLEXITY_LIMIT}); use fewer "*" or fewer repeated sequences after a "*"`,
      );
    }
  }
}

function wildcardComplexity(patterns: string[]): number {
  const STAR = -1;
  const encoder = new TextEncoder();
  const quote = '"'.charCodeAt(0);
  const literal: number[] = []; // byte that leads from state i to i + 1, or STAR for an epsilon edge
  const loops: boolean[] = [];
  const starts: number[] = [];
  const alphabet = new Set<number>([STAR]); // STAR doubles as "a byte no pattern mentions"
  for (const pattern of patterns) {
    const tokens = [quote];
    parseWildcard(pattern, '', 'wildcard').forEach((segment, i) => {
      if (i > 0) tokens.push(STAR);
      tokens.push(...encoder.encode(segment));
    });
    tokens.push(quote);
    starts.push(literal.length);
    tokens.forEach((token, i) => {
      loops.push(tokens[i - 1] === STAR);
      literal.push(token);
      alphabet.add(token);
    });
    loops.push(false);
    literal.push(Number.NaN); // accepting state
  }
  const close = (states: Set<number>) => {
    for (const state of [...states]) if (literal[state] === STAR) states.add(state + 1);
    return states;
  };

  let worst = 0;
  const seen = new Set<string>();
  const pending = [close(new Set(starts))];
  for (let current = pending.pop(); current; current = pending.pop()) {
    for (const byte of alphabet) {
      const next = new Set<number>();
      for (const state of current) {
        if (loops[state]) next.add(state);
        if (byte !== STAR && literal[state] === byte) next.add(state + 1);
      }
      if (next.size === 0) continue;
      close(next);
      worst = Math.max(worst, next.size);
      if (worst > WILDCARD_COMPLEXITY_LIMIT) return worst;
      const key = [...next].sort((a, b) => a - b).join();
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > MAX_COMPLEXITY_STATES) return Number.POSITIVE_INFINITY;
      pending.push(next);
    }
  }
  return worst;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** Case-insensitive matching the way EventBridge does it: each character matches itself, its lower or upper case. */
function ignoreCase(text: string, anchor: 'equals' | 'prefix' | 'suffix'): RegExp {
  const body = Array.from(text, (ch) => {
    const variants = [...new Set([ch, ch.toLowerCase(), ch.toUpperCase()])].map((variant) =>
      variant.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    );
    return variants.length === 1 ? variants[0] : `(?:${variants.join('|')})`;
  }).join('');
  return new RegExp(`${anchor === 'suffix' ? '' : '^'}${body}${anchor === 'prefix' ? '' : '$'}`);
}

/** A number in EventBridge's comparable form: an integer count of millionths, or undefined outside ±5e9. */
function quantize(value: number): number | undefined {
  if (!Number.isFinite(value) || Math.abs(value) > NUMBER_LIMIT) return undefined;
  return Math.round(value * 10 ** DECIMALS);
}

function comparable(value: number, where: string): number {
  const quantized = quantize(value);
  if (quantized === undefined) fail(where, `numbers must be between -5e9 and 5e9, got ${describe(value)}`);
  if (decimalPlaces(value) > DECIMALS) {
    fail(where, `numbers can have at most ${DECIMALS} decimal places, got ${value}`);
  }
  return quantized;
}

function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = String(value).toLowerCase().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

/** The bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 counts as IPv4), or undefined if it is not one. */
function ipBytes(text: string): number[] | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
    const bytes = text.split('.').map(Number);
    return bytes.every((byte) => byte <= 255) ? bytes : undefined;
  }
  if (!/^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const head = groups[0]!;
  const tail = groups[1] ?? [];
  const count = head.length + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;
  const all = [...head, ...Array<string>(8 - count).fill('0'), ...tail];
  if (!all.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const bytes = all.flatMap((group) => {
    const n = Number.parseInt(group, 16);
    return [n >> 8, n & 0xff];
  });
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

function ipHex(text: string): string | undefined {
  const bytes = ipBytes(text);
  return bytes && toHex(bytes);
}

function toHex(bytes: number[]): string {
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Events

/** Flattens the parts of the event the pattern can see into leaves per dotted path; arrays are transparent. */
function collectLeaves(event: Record<string, unknown>, paths: Set<string>, prefixes: Set<string>) {
  const leaves = new Map<string, Leaf[]>();
  let arrays = 0;
  const visit = (value: unknown, path: string, trail: number[]): void => {
    if (Array.isArray(value)) {
      const id = arrays++;
      for (const [i, element] of value.entries()) visit(element, path, [...trail, id, i]);
    } else if (isObject(value)) {
      for (const key of Object.keys(value)) {
        const child = path ? `${path}.${key}` : key;
        if (prefixes.has(child)) visit(value[key], child, trail);
      }
    } else if (isScalar(value) && paths.has(path)) {
      const found = leaves.get(path);
      if (found) found.push({ value, trail });
      else leaves.set(path, [{ value, trail }]);
    }
  };
  visit(event, '', []);
  return leaves;
}

/**
 * Whether one leaf can be picked per field so that no two come from different elements of the same array
 * (EventBridge's array-consistent matching: fields of one array element are matched together).
 */
function hasConsistentChoice(choices: Leaf[][]): boolean {
  const open = choices.filter((leaves) => !leaves.some((leaf) => leaf.trail.length === 0));
  if (open.length <= 1) return true;
  open.sort((a, b) => a.length - b.length);
  const picked: Leaf[] = [];
  const pick = (i: number): boolean => {
    if (i === open.length) return true;
    for (const leaf of open[i]!) {
      if (!picked.every((other) => compatible(other.trail, leaf.trail))) continue;
      picked.push(leaf);
      if (pick(i + 1)) return true;
      picked.pop();
    }
    return false;
  };
  return pick(0);
}

function compatible(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length && i < b.length && a[i] === b[i]; i += 2) {
    if (a[i + 1] !== b[i + 1]) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function joinPath(where: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${where}[${JSON.stringify(key)}]`;
  return where ? `${where}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fail(path: string, reason: string): never {
  throw new InvalidPatternError(path, reason);
}
