/**
 * Subscriptions and their delivery state (cursor, pending deliveries, dead letters, replays), one partition per
 * subscription, so a delivery run reads everything it needs in one query.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  DeadLetter,
  DeliveryCursor,
  DeliveryState,
  PendingDelivery,
  ReplayJob,
} from '../events/delivery-state.js';
import type { Subscription } from '../events/subscriptions.js';
import { keys } from './keys.js';
import { parseEvent } from './outbox-repository.js';
import { ConcurrentChangeError } from './unit-of-work.js';

type Item = Record<string, unknown>;

export interface DeadLetterPage {
  items: DeadLetter[];
  /** Position to pass as `after` for the next page; absent on the last page. */
  next?: number;
}

export class SubscriptionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a new subscription with its cursor at its start position. */
  async create(subscription: Subscription): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: subscriptionItem(subscription),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: cursorItem(subscription.id, { position: subscription.startPosition }),
            },
          },
        ],
      }),
    );
  }

  async get(id: string): Promise<Subscription | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.subscription(id), ConsistentRead: true }),
    );
    return out.Item ? fromSubscriptionItem(out.Item) : undefined;
  }

  /** Every subscription, or those of one owner. */
  async list(filter: { ownerKeyId?: string } = {}): Promise<Subscription[]> {
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: {
        ':p': keys.subscriptionList,
        ...(filter.ownerKeyId ? { ':owner': filter.ownerKeyId } : {}),
      },
      ...(filter.ownerKeyId ? { FilterExpression: 'ownerKeyId = :owner' } : {}),
    });
    return items.map(fromSubscriptionItem);
  }

  /** Replaces a subscription if it is still at `expectedVersion` (the caller sets the new version). */
  async save(subscription: Subscription, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: subscriptionItem(subscription),
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConcurrentChangeError(`subscription ${subscription.id} changed meanwhile`, ['version']);
      }
      throw error;
    }
  }

  /** Deletes the subscription and everything kept for it. */
  async delete(id: string): Promise<void> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.subscriptionPartition(id) },
      ProjectionExpression: 'pk, sk',
    });
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } }));
      while (requests.length) {
        const out = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  /** The subscription and its delivery state, read consistently in one query. */
  async loadDelivery(id: string): Promise<{ subscription: Subscription; state: DeliveryState } | undefined> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.subscriptionPartition(id), ':s': keys.deliveryStatePrefix },
      ConsistentRead: true,
    });
    const state: DeliveryState = { cursor: { position: 0 }, pending: [], replays: [] };
    let subscription: Subscription | undefined;
    for (const item of items) {
      const sk = String(item.sk);
      if (sk === keys.subscription(id).sk) subscription = fromSubscriptionItem(item);
      else if (sk === keys.deliveryCursor(id).sk) state.cursor = fromCursorItem(item);
      else if (sk.startsWith(keys.pendingDeliveryPrefix)) state.pending.push(fromPendingItem(item));
      else if (sk.startsWith(keys.replayJobPrefix)) state.replays.push(item.job as ReplayJob);
    }
    return subscription ? { subscription, state } : undefined;
  }

  /** Moves the cursor if it is still where this run found it; a concurrent run makes this fail, not double up. */
  async saveCursor(id: string, cursor: DeliveryCursor, expectedPosition: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: cursorItem(id, cursor),
          ConditionExpression: '#p = :expected',
          ExpressionAttributeNames: { '#p': 'position' },
          ExpressionAttributeValues: { ':expected': expectedPosition },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConcurrentChangeError(`the delivery cursor of ${id} moved meanwhile`, ['cursor']);
      }
      throw error;
    }
  }

  /** Asks for a delivery run at `at` (a redrive or replay), without moving the cursor. */
  async requestWake(id: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.deliveryCursor(id),
        UpdateExpression: 'SET wakeAt = :at, gsi2pk = :due, gsi2sk = :sort',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':at': at,
          ':due': keys.deliveryDue,
          ':sort': keys.deliveryDueSort(at, id),
        },
      }),
    );
  }

  /** Ids of subscriptions whose next delivery work is due at `now`. */
  async dueSubscriptions(now: Date, limit = 500): Promise<string[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :bound',
        ExpressionAttributeValues: {
          ':p': keys.deliveryDue,
          ':bound': keys.deliveryDueBound(now.toISOString()),
        },
        Limit: limit,
      }),
    );
    return [...new Set((out.Items ?? []).map((i) => String(i.subscriptionId)))];
  }

  /** Stores a pending delivery unless one is already pending at that position; false if it was. */
  async addPending(id: string, pending: PendingDelivery): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: pendingItem(id, pending),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async updatePending(id: string, pending: PendingDelivery): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: pendingItem(id, pending) }));
  }

  async deletePending(id: string, position: number): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.pendingDelivery(id, position) }),
    );
  }

  /** Records a dead letter, removing the pending delivery it came from in the same transaction. */
  async addDeadLetter(id: string, dead: DeadLetter, options: { fromPending: boolean }): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: deadLetterItem(id, dead) } },
          ...(options.fromPending
            ? [{ Delete: { TableName: this.tableName, Key: keys.pendingDelivery(id, dead.position) } }]
            : []),
        ],
      }),
    );
  }

  async listDeadLetters(id: string, page: { after?: number; limit: number }): Promise<DeadLetterPage> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':p': keys.subscriptionPartition(id),
          ':from': keys.deadLetter(id, (page.after ?? -1) + 1).sk,
          ':to': `${keys.deadLetterPrefix}~`,
        },
        Limit: page.limit,
        ConsistentRead: true,
      }),
    );
    const items = (out.Items ?? []).map(fromDeadLetterItem);
    return { items, ...(out.LastEvaluatedKey && items.length ? { next: items.at(-1)!.position } : {}) };
  }

  async countDeadLetters(id: string): Promise<number> {
    let count = 0;
    let start: Item | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :d)',
          ExpressionAttributeValues: { ':p': keys.subscriptionPartition(id), ':d': keys.deadLetterPrefix },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return count;
  }

  /**
   * Moves dead letters (all, or those at `positions`) back to pending, due at once, and returns how many moved.
   * A position already pending again just loses its dead letter.
   */
  async redrive(id: string, at: string, positions?: readonly number[]): Promise<number> {
    const wanted = positions ? new Set(positions) : undefined;
    const dead = (
      await this.queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':p': keys.subscriptionPartition(id), ':d': keys.deadLetterPrefix },
        ConsistentRead: true,
      })
    )
      .map(fromDeadLetterItem)
      .filter((d) => !wanted || wanted.has(d.position));
    for (const letter of dead) {
      const pending: PendingDelivery = {
        position: letter.position,
        event: letter.event,
        attempts: 0,
        nextAttemptAt: at,
        origin: 'redrive',
      };
      const removeDead = { Delete: { TableName: this.tableName, Key: keys.deadLetter(id, letter.position) } };
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              removeDead,
              {
                Put: {
                  TableName: this.tableName,
                  Item: pendingItem(id, pending),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        await this.client.send(new DeleteCommand(removeDead.Delete));
      }
    }
    return dead.length;
  }

  async putReplay(id: string, job: ReplayJob): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.replayJob(id, job.id), job } }),
    );
  }

  async deleteReplay(id: string, jobId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.replayJob(id, jobId) }));
  }

  /** The last position handed out in the event log (0 when it is empty). */
  async eventLogHead(): Promise<number> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.eventLogCounter, ConsistentRead: true }),
    );
    return Number(out.Item?.last ?? 0);
  }

  private async queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

// Subscriptions are stored as JSON text, so patterns come back exactly as given (key order, number spelling).
function subscriptionItem(subscription: Subscription): Item {
  return {
    ...keys.subscription(subscription.id),
    gsi1pk: keys.subscriptionList,
    gsi1sk: subscription.id,
    ownerKeyId: subscription.ownerKeyId,
    version: subscription.version,
    subscription: JSON.stringify(subscription),
  };
}

const fromSubscriptionItem = (item: Item) => JSON.parse(String(item.subscription)) as Subscription;

function cursorItem(id: string, cursor: DeliveryCursor): Item {
  return {
    ...keys.deliveryCursor(id),
    subscriptionId: id,
    position: cursor.position,
    ...(cursor.gap ? { gap: cursor.gap } : {}),
    ...(cursor.wakeAt
      ? { wakeAt: cursor.wakeAt, gsi2pk: keys.deliveryDue, gsi2sk: keys.deliveryDueSort(cursor.wakeAt, id) }
      : {}),
  };
}

function fromCursorItem(item: Item): DeliveryCursor {
  return {
    position: Number(item.position),
    ...(item.gap ? { gap: item.gap as DeliveryCursor['gap'] } : {}),
    ...(item.wakeAt ? { wakeAt: String(item.wakeAt) } : {}),
  };
}

function pendingItem(id: string, pending: PendingDelivery): Item {
  const { event, ...rest } = pending;
  return { ...keys.pendingDelivery(id, pending.position), ...rest, event: JSON.stringify(event) };
}

function fromPendingItem(item: Item): PendingDelivery {
  const { pk: _pk, sk: _sk, event, ...rest } = item;
  return { ...(rest as Omit<PendingDelivery, 'event'>), event: parseEvent(event) };
}

function deadLetterItem(id: string, dead: DeadLetter): Item {
  const { event, ...rest } = dead;
  return { ...keys.deadLetter(id, dead.position), ...rest, event: JSON.stringify(event) };
}

function fromDeadLetterItem(item: Item): DeadLetter {
  const { pk: _pk, sk: _sk, event, ...rest } = item;
  return { ...(rest as Omit<DeadLetter, 'event'>), event: parseEvent(event) };
}
