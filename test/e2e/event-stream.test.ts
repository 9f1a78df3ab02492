import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aWorkOrder } from '../support/builders.js';
import { startTestHub, type TestHub } from '../support/local-hub.js';

interface SseEvent {
  id: string;
  event: string;
  data: { id: string; type: string; subject: string; sequence: string };
}

/** Reads SSE events until `count` arrived, then disconnects. */
async function readEvents(
  hub: TestHub,
  count: number,
  headers: Record<string, string> = {},
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const res = await hub.request('/v1/events/stream', { headers, signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  const timeout = setTimeout(() => controller.abort(), 20_000);
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => !l.startsWith(':') && l.includes(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        );
        if (fields.data)
          events.push({ id: fields.id ?? '', event: fields.event ?? '', data: JSON.parse(fields.data) });
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  return events.slice(0, count);
}

describe('the event stream (SSE)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.cleanup());

  const ingest = (records: unknown[]) =>
    hub.request('/v1/sources/hotline-12345/records', { method: 'POST', json: records });

  it('streams the events of processed records, and a client that reconnects with Last-Event-ID misses nothing', async () => {
    await ingest([aWorkOrder(), aWorkOrder()]);
    await hub.settled();
    const first = await readEvents(hub, 2);
    expect(first.map((e) => e.id)).toEqual(['1', '2']);
    expect(first[0]!.event).toBe(first[0]!.data.type);

    await ingest([aWorkOrder()]);
    await hub.settled();
    const resumed = await readEvents(hub, 3, { 'Last-Event-ID': first[1]!.id });
    expect([...first, ...resumed].map((e) => Number(e.id))).toEqual([1, 2, 3, 4, 5]);
    expect(new Set([...first, ...resumed].map((e) => e.data.id)).size).toBe(5);
  });

  it('delivers events committed while the client is connected', async () => {
    const log = await hub.deps.store.outbox.readLog(0, 10_000);
    const last = log.at(-1)!.position;
    const reading = readEvents(hub, 1, { 'Last-Event-ID': String(last) });
    await new Promise((r) => setTimeout(r, 300));
    await ingest([aWorkOrder()]);
    const [event] = await reading;
    expect(event!.id).toBe(String(last + 1));
  });
});
