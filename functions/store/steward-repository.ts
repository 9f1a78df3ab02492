/** The steward's work: the review queue of candidate pairs and the audit log of every decision. */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, ReviewItem } from '../resolution/review-item.js';
import { type Key, keys } from './keys.js';
import { decodeCursor, encodeCursor, type Page } from './record-repository.js';
import { conditions, type UnitOfWork } from './unit-of-work.js';

const strip = (item: Record<string, unknown>) => {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, ...rest } = item;
  return rest;
};

export interface ReviewFilter {
  kind?: 'person' | 'dispute';
  sourceId?: string;
  /** Division code prefix. */
  division?: string;
}

export class StewardRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Queues a new pair; fails the transaction if the pair was queued before (the caller checks first). */
  proposeReview(uow: UnitOfWork, item: ReviewItem): void {
    uow.put(
      'review',
      {
        ...keys.review(item.id),
        ...item,
        gsi1pk: keys.openReviews,
        gsi1sk: keys.openReviewSort(item.priority, item.createdAt, item.id),
      },
      conditions.notExists,
    );
  }

  /** Records the decision; conditioned on the item still being open (two stewards deciding at once: one wins). */
  decideReview(uow: UnitOfWork, item: ReviewItem): void {
    const { id, ...fields } = item;
    uow.put(
      'review decision',
      { ...keys.review(id), id, ...fields },
      { expression: '#s = :open', names: { '#s': 'status' }, values: { ':open': 'open' } },
    );
  }

  async getReview(id: string): Promise<ReviewItem | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.review(id), ConsistentRead: true }),
    );
    return out.Item ? (strip(out.Item) as unknown as ReviewItem) : undefined;
  }

  /** Those of the pairs never queued before (open or decided): each pair is proposed once. */
  async notQueuedBefore(items: readonly ReviewItem[]): Promise<ReviewItem[]> {
    const queued = new Set((await this.getReviews(items.map((i) => i.id))).map((i) => i.id));
    return items.filter((i) => !queued.has(i.id));
  }

  async getReviews(ids: readonly string[]): Promise<ReviewItem[]> {
    const found: ReviewItem[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: unique.slice(i, i + 100).map(keys.review), ConsistentRead: true },
      };
      while (request && Object.keys(request).length) {
        const out = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? [])
          found.push(strip(item) as unknown as ReviewItem);
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  /**
   * Open pairs, most consequential first. Filters are applied on the server while paging, so a page may hold fewer
   * than `limit` items and still have a cursor.
   */
  async listOpen(filter: ReviewFilter, limit: number, cursor?: string): Promise<Page<ReviewItem>> {
    const clauses: string[] = [];
    const values: Record<string, unknown> = { ':p': keys.openReviews };
    const names: Record<string, string> = {};
    if (filter.kind) {
      clauses.push('#kind = :kind');
      names['#kind'] = 'kind';
      values[':kind'] = filter.kind;
    }
    if (filter.sourceId) {
      clauses.push('contains(sourceIds, :source)');
      values[':source'] = filter.sourceId;
    }
    if (filter.division) {
      clauses.push('begins_with(divisionCode, :division)');
      values[':division'] = filter.division;
    }
    const items: ReviewItem[] = [];
    let start = decodeCursor(cursor);
    // Keep reading until the page is full or the index ends, so sparse filters still return something.
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ...(clauses.length ? { FilterExpression: clauses.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          // Read well past the page when filtering, so a sparse filter costs a few queries, not one per page.
          Limit: clauses.length ? Math.max(200, (limit - items.length) * 4) : limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      const read = out.Items ?? [];
      const taken = read.slice(0, limit - items.length);
      items.push(...taken.map((i) => strip(i) as unknown as ReviewItem));
      const last = taken.at(-1);
      // A page filled mid-read goes on after its last item; otherwise after what the query read.
      start =
        taken.length < read.length && last
          ? { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk }
          : out.LastEvaluatedKey;
    } while (start && items.length < limit);
    return { items, cursor: encodeCursor(start) };
  }

  /** Writes the entry once, findable by id, by steward, by time and under every entity it involves. */
  audit(uow: UnitOfWork, entry: AuditEntry): void {
    uow.put('audit', {
      ...keys.auditEntry(entry.id),
      ...entry,
      gsi1pk: keys.auditByActor(entry.actor),
      gsi1sk: `${entry.at}#${entry.id}`,
      gsi2pk: keys.auditAll,
      gsi2sk: `${entry.at}#${entry.id}`,
    });
    for (const entityId of new Set(entry.entityIds)) {
      uow.put('audit of entity', { ...keys.auditOfEntity(entityId, entry.at, entry.id), ...entry });
    }
  }

  /** Audit entries, newest first: of one entity, of one steward, or all. */
  async listAudit(
    by: { entityId?: string; actor?: string },
    limit: number,
    cursor?: string,
  ): Promise<Page<AuditEntry>> {
    const query = by.entityId
      ? { KeyConditionExpression: 'pk = :p', values: { ':p': keys.auditOfEntityPartition(by.entityId) } }
      : by.actor
        ? {
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p',
            values: { ':p': keys.auditByActor(by.actor) },
          }
        : { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', values: { ':p': keys.auditAll } };
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(query.IndexName ? { IndexName: query.IndexName } : {}),
        KeyConditionExpression: query.KeyConditionExpression,
        ExpressionAttributeValues: query.values,
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    let items = (out.Items ?? []).map((i) => strip(i) as unknown as AuditEntry);
    if (by.entityId && by.actor) items = items.filter((e) => e.actor === by.actor);
    return { items, cursor: encodeCursor(out.LastEvaluatedKey) };
  }
}
