/**
 * The event bus in AWS: EventBridge PutEvents in batches of ten. The whole CloudEvent is the `detail`; entries that
 * EventBridge reports as failed (FailedEntryCount) are retried, and if they still fail the call rejects so the
 * outbox items stay pending and are published again.
 */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { QiaoCloudEvent } from '../../../schemas/generated/types.js';
import type { EventBus } from '../ports.js';

export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async put(events: QiaoCloudEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      let entries = events.slice(i, i + 10).map((e) => ({
        EventBusName: this.busName,
        Source: 'qiao.hub',
        DetailType: e.type,
        Resources: [],
        Time: new Date(e.time),
        Detail: JSON.stringify(e),
      }));
      for (let attempt = 1; entries.length; attempt++) {
        const out = await this.client.send(new PutEventsCommand({ Entries: entries }));
        if (!out.FailedEntryCount) break;
        const results = out.Entries ?? [];
        entries = entries.filter((_, j) => results[j]?.ErrorCode);
        if (attempt >= 3) {
          const codes = results.filter((r) => r.ErrorCode).map((r) => `${r.ErrorCode}: ${r.ErrorMessage}`);
          throw new Error(`EventBridge refused ${entries.length} events: ${codes.join('; ')}`);
        }
      }
    }
  }
}
