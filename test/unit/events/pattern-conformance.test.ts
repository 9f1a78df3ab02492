// Runs the EventBridge conformance templates (recorded against real EventBridge) through the pattern matcher.
import { readdirSync, readFileSync } from 'node:fs';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  InvalidPatternError,
  matchesPattern,
} from '../../../functions/events/pattern-matcher.js';

const templates = new URL('../../../../shared/benchmarks/eventbridge-patterns/templates/', import.meta.url);
const read = (name: string): unknown => JSON5.parse(readFileSync(new URL(name, templates), 'utf8'));
const cases = readdirSync(templates)
  .filter((name) => name.endsWith('.json5'))
  .sort();

interface Template {
  Event: unknown;
  EventPattern: unknown;
}

describe('EventBridge conformance templates', () => {
  it('finds all 155 recorded cases', () => {
    expect(cases).toHaveLength(155);
  });

  it.each(cases)('%s', (name) => {
    const { Event: event, EventPattern: pattern } = read(name) as Template;
    if (name.endsWith('_EXC.json5')) {
      expect(() => compilePattern(pattern)).toThrow(InvalidPatternError);
    } else {
      expect(matchesPattern(pattern, event)).toBe(!name.endsWith('_NEG.json5'));
    }
  });

  it('complex_multi_key_event.json + complex_multi_key_event_pattern.json', () => {
    const event = read('complex_multi_key_event.json');
    const pattern = read('complex_multi_key_event_pattern.json');
    expect(matchesPattern(pattern, event)).toBe(true);
  });
});
