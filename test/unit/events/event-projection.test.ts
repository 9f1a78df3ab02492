// What a subscriber receives of an event: masked without pii, as stored with pii, ids only when asked.
import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../../functions/events/cloudevent.js';
import { projectEvent } from '../../../functions/events/event-projection.js';

const anEvent = () =>
  buildEvent({
    type: 'qiao.dispute.created',
    subject: 'dsp_01',
    sequence: 3,
    time: new Date('2024-03-06T03:00:00Z'),
    source: 'urn:qiao:hub:test',
    dataSchema: 'dispute-changed',
    divisionCode: '330681109290',
    data: {
      dispute: {
        id: 'dsp_01',
        summary: '张先生（330681198203150011，电话13857845678）反映邻居占道',
        parties: [
          {
            personId: 'per_1',
            residentId: { masked: '330681********0011', status: 'valid' },
            phones: [{ masked: '138****5678' }],
          },
        ],
        reports: [{ sourceId: 'hotline-12345', sourceRecordId: 'F1', reference: 'ZJ2403060381' }],
        mergedIds: ['dsp_00', 'dsp_02'],
      },
      trigger: { sourceId: 'hotline-12345', sourceRecordId: 'F1', revision: 1 },
    },
  });

describe('projectEvent', () => {
  it('masks ID numbers and phones in data, free text included, for keys without pii', () => {
    const event = anEvent();
    const projected = projectEvent(event, { pii: false, payload: 'full' });
    const summary = (projected.data as { dispute: { summary: string } }).dispute.summary;
    expect(summary).toBe('张先生（330681********0011，电话138****5678）反映邻居占道');
    expect(projected.dataschema).toBe(event.dataschema);
    expect({ ...projected, data: undefined }).toEqual({ ...event, data: undefined });
  });

  it('passes data as stored for keys with pii', () => {
    const event = anEvent();
    expect(projectEvent(event, { pii: true, payload: 'full' })).toEqual(event);
  });

  it('reduces id-only payloads to identifier fields, never personal identifiers, and drops dataschema', () => {
    const projected = projectEvent(anEvent(), { pii: true, payload: 'id-only' });
    expect(projected.data).toEqual({
      dispute: {
        id: 'dsp_01',
        parties: [{ personId: 'per_1' }],
        reports: [{ sourceId: 'hotline-12345', sourceRecordId: 'F1' }],
        mergedIds: ['dsp_00', 'dsp_02'],
      },
      trigger: { sourceId: 'hotline-12345', sourceRecordId: 'F1' },
    });
    expect(projected).not.toHaveProperty('dataschema');
    expect(projected).toMatchObject({
      subject: 'dsp_01',
      sequence: '000000000003',
      divisioncode: '330681109290',
    });
  });
});
