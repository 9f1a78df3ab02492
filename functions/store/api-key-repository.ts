/** API keys, stored by the hash of the key (never the key itself), and hub-wide settings. */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../access/api-keys.js';
import { keys } from './keys.js';

export class ApiKeyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(record: ApiKeyRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.apiKey(record.keyHash), ...record, gsi1pk: keys.apiKeyList, gsi1sk: record.id },
      }),
    );
  }

  async getByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyHash) }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = out.Item;
    return record as ApiKeyRecord;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const items: ApiKeyRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': keys.apiKeyList },
          ExclusiveStartKey: start,
        }),
      );
      for (const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } of out.Items ?? [])
        items.push(record as ApiKeyRecord);
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async revoke(keyHash: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.apiKey(keyHash),
        UpdateExpression: 'SET revokedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async getSetting<T>(name: string): Promise<T | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.hubSetting(name), ConsistentRead: true }),
    );
    return out.Item?.value as T | undefined;
  }

  /** Sets a setting only if it is not set yet; returns false when another process set it first. */
  async initSetting(name: string, value: unknown): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.hubSetting(name), value },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
