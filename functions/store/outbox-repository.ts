/** The transactional outbox (events pending publication) and the event log that feeds streams and replay. */

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
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
   * Appends events to the log in order, each at most once (a marker per event id makes a re-publication a no-op).
   * Positions come from an atomic counter; a skipped duplicate leaves a harmless gap.
   */
  async append(events: QiaoCloudEvent[]): Promise<LoggedEvent[]> {
    if (events.length === 0) return [];
    const counter = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.eventLogCounter,
        UpdateExpression: 'ADD #n :n',
        ExpressionAttributeNames: { '#n': 'last' },
        ExpressionAttributeValues: { ':n': events.length },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(counter.Attributes?.last);
    const logged: LoggedEvent[] = [];
    for (const [i, event] of events.entries()) {
      const position = last - events.length + 1 + i;
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { pk: `EVENTLOG#ID#${event.id}`, sk: 'MARKER', position },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.eventLogEntry(position),
                    event: JSON.stringify(event),
                    loggedAt: event.time,
                  },
                },
              },
            ],
          }),
        );
        logged.push({ position, event });
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    return logged;
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
