/** The transactional outbox (events pending publication) and the event log that feeds streams and replay. */
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import { keys } from './keys.js';

export interface LoggedEvent {
  position: number;
  event: QiaoCloudEvent;
}

/** Events are stored as JSON text so they come back byte-for-byte as committed (attribute order included). */
export function parseEvent(stored: unknown): QiaoCloudEvent {
  return (typeof stored === 'string' ? JSON.parse(stored) : stored) as QiaoCloudEvent;
}

export class OutboxRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Outbox events not yet published, oldest first. */
  async listPending(limit: number, committedBefore?: string): Promise<QiaoCloudEvent[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: committedBefore ? 'gsi1pk = :p AND gsi1sk < :before' : 'gsi1pk = :p',
        ExpressionAttributeValues: {
          ':p': keys.pendingOutbox,
          ...(committedBefore ? { ':before': committedBefore } : {}),
        },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => parseEvent(i.event));
  }

  async markPublished(eventIds: string[], at: string): Promise<void> {
    await Promise.all(
      eventIds.map((id) =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.outbox(id),
            UpdateExpression: 'SET publishedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      ),
    );
  }

  /**
   * Appends events to the log in order, each at most once: a marker per event id (checked first, written last) makes
   * a re-publication a no-op, and a crash between entry and marker at worst logs an event twice, which consumers
   * recognise by its id. Positions come from one atomic counter per batch; writes go in batches of 25.
   */
  async append(events: QiaoCloudEvent[]): Promise<LoggedEvent[]> {
    if (events.length === 0) return [];
    const unique = [...new Map(events.map((e) => [e.id, e])).values()];
    const markers = await this.existingMarkers(unique.map((e) => e.id));
    const fresh = unique.filter((e) => !markers.has(e.id));
    if (fresh.length === 0) return [];
    const counter = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.eventLogCounter,
        UpdateExpression: 'ADD #n :n',
        ExpressionAttributeNames: { '#n': 'last' },
        ExpressionAttributeValues: { ':n': fresh.length },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const first = Number(counter.Attributes?.last) - fresh.length + 1;
    const logged = fresh.map((event, i) => ({ position: first + i, event }));
    await this.batchPut(
      logged.map(({ position, event }) => ({
        ...keys.eventLogEntry(position),
        event: JSON.stringify(event),
        loggedAt: event.time,
      })),
    );
    await this.batchPut(
      logged.map(({ position, event }) => ({ ...keys.eventLogMarker(event.id), position })),
    );
    return logged;
  }

  private async existingMarkers(ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 100) {
      let request:
        | Record<string, { Keys: Array<{ pk: string; sk: string }>; ProjectionExpression: string }>
        | undefined = {
        [this.tableName]: {
          Keys: ids.slice(i, i + 100).map((id) => keys.eventLogMarker(id)),
          ProjectionExpression: 'pk',
        },
      };
      while (request && Object.keys(request).length) {
        const out = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? [])
          found.add(keys.eventIdOfMarker(String(item.pk)));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  private async batchPut(items: Array<Record<string, unknown>>): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let request: BatchWriteCommandInput['RequestItems'] = {
        [this.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      for (let attempt = 0; request && Object.keys(request).length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const out: { UnprocessedItems?: BatchWriteCommandInput['RequestItems'] } = await this.client.send(
          new BatchWriteCommand({ RequestItems: request }),
        );
        request = out.UnprocessedItems;
      }
    }
  }

  /** Events after a log position, in order. */
  async readLog(afterPosition: number, limit: number): Promise<LoggedEvent[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk > :after',
        ExpressionAttributeValues: {
          ':p': keys.eventLogCounter.pk,
          ':after': keys.eventLogEntry(afterPosition).sk,
        },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? [])
      .filter((i) => String(i.sk).startsWith(keys.eventLogPrefix))
      .map((i) => ({ position: keys.eventLogPosition(String(i.sk)), event: parseEvent(i.event) }));
  }
}
