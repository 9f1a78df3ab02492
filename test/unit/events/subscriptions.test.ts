// Subscription filters: pattern validation with paths, regions, and the translation to an EventBridge rule pattern.
import { describe, expect, it } from 'vitest';
import { buildEvent, type EventType } from '../../../functions/events/cloudevent.js';
import { matchesPattern } from '../../../functions/events/pattern-matcher.js';
import {
  busEntrySource,
  busPatternOf,
  divisionCodeOf,
  eventFilter,
  InvalidSubscriptionError,
  maxPatternLength,
  validatePattern,
} from '../../../functions/events/subscriptions.js';

const anEvent = (type: EventType, divisionCode?: string, data: Record<string, unknown> = {}) =>
  buildEvent({
    type,
    subject: 'dsp_1',
    sequence: 1,
    time: new Date('2024-03-06T03:00:00Z'),
    source: 'urn:qiao:hub:test',
    dataSchema: 'dispute-changed',
    ...(divisionCode ? { divisionCode } : {}),
    data,
  });

/** The bus entry EventBridge matches rules against: the CloudEvent is its detail. */
const busEntry = (event: object) => ({ source: busEntrySource, 'detail-type': 'x', detail: event });

const rejection = (pattern: unknown) => {
  try {
    validatePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidSubscriptionError) return error;
    throw error;
  }
  throw new Error('expected the pattern to be rejected');
};

describe('validatePattern', () => {
  it('names the failing place inside the request body', () => {
    expect(rejection({ type: [{ prefix: 5 }] }).fields).toEqual([
      { path: 'pattern.type[0].prefix', message: expect.stringContaining('got 5') },
    ]);
    expect(rejection({ data: { dispute: 'x' } }).fields[0]!.path).toBe('pattern.data.dispute');
    expect(rejection([]).fields[0]!.path).toBe('pattern');
  });

  it(`rejects patterns longer than ${maxPatternLength} characters, which EventBridge could not take with its wrapper`, () => {
    const long = { subject: Array.from({ length: 400 }, (_, i) => `dsp_${String(i).padStart(8, '0')}`) };
    expect(rejection(long).message).toContain(`the limit is ${maxPatternLength}`);
  });
});

describe('eventFilter', () => {
  it('narrows to a region by the divisioncode extension, or the division code in data', () => {
    const filter = eventFilter(validatePattern({ type: [{ prefix: 'qiao.' }] }), '330681109');
    expect(filter(anEvent('qiao.dispute.created', '330681109290'))).toBe(true);
    expect(filter(anEvent('qiao.dispute.created', '330682000000'))).toBe(false);
    expect(filter(anEvent('qiao.dispute.overdue', undefined, { divisionCode: '330681109001' }))).toBe(true);
    expect(filter(anEvent('qiao.person.created'))).toBe(false);
    expect(filter({ type: 'qiao.risk.raised' } as never)).toBe(false);
    expect(
      divisionCodeOf(
        anEvent('qiao.dispute.updated', undefined, { dispute: { location: { divisionCode: '3306' } } }),
      ),
    ).toBe('3306');
  });
});

describe('busPatternOf', () => {
  it('moves the hub pattern under detail, for the CloudEvent as EventBridge entry detail', () => {
    const pattern = { type: ['qiao.dispute.created'], data: { dispute: { category: { code: ['邻里'] } } } };
    expect(busPatternOf({ pattern })).toEqual({ source: [busEntrySource], detail: pattern });
  });

  it('matches on the bus exactly what the hub filter matches, region included', () => {
    const patterns = [
      { type: ['qiao.dispute.created', 'qiao.dispute.updated'] },
      { type: [{ prefix: 'qiao.dispute.' }], data: { dispute: { category: { code: ['邻里'] } } } },
      { data: { divisionCode: [{ exists: true }] } },
    ];
    const events = [
      anEvent('qiao.dispute.created', '330681109290', { dispute: { category: { code: '邻里' } } }),
      anEvent('qiao.dispute.updated', '330682000001', { dispute: { category: { code: '邻里' } } }),
      anEvent('qiao.dispute.overdue', undefined, { divisionCode: '330681109001' }),
      anEvent('qiao.person.created'),
    ];
    for (const pattern of patterns) {
      for (const region of [undefined, '330681109']) {
        const hub = eventFilter(validatePattern(pattern), region);
        const bus = busPatternOf({ pattern, ...(region ? { region } : {}) });
        validatePattern(bus, 'rule');
        for (const event of events) {
          expect(
            matchesPattern(bus, busEntry(event)),
            JSON.stringify({ pattern, region, type: event.type }),
          ).toBe(hub(event));
        }
      }
    }
  });

  it('leaves the region to the deliver function when the pattern has its own $or (the rule then matches more)', () => {
    const pattern = { $or: [{ type: ['qiao.risk.raised'] }, { subject: [{ prefix: 'dsp_' }] }] };
    expect(busPatternOf({ pattern, region: '3306' })).toEqual({ source: [busEntrySource], detail: pattern });
  });
});
