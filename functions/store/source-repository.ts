/** Registered (declarative) sources and the versions of their mappings. */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  SourceRegistration,
  SourceRegistrations,
  SourceVersion,
} from '../../adapters/engine/source-registration.js';
import { keys } from './keys.js';
import { conditions, type UnitOfWork } from './unit-of-work.js';

const strip = ({ pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, ...rest }: Record<string, unknown>) => rest;

export class SourceRepository implements SourceRegistrations {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(sourceId: string): Promise<SourceRegistration | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.sourceRegistration(sourceId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? (strip(out.Item) as unknown as SourceRegistration) : undefined;
  }

  async getVersion(sourceId: string, version: number): Promise<SourceVersion | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.sourceVersion(sourceId, version),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { sourceSchemaJson, ...rest } = strip(out.Item);
    return {
      ...(rest as unknown as SourceVersion),
      ...(sourceSchemaJson ? { sourceSchema: JSON.parse(String(sourceSchemaJson)) } : {}),
    };
  }

  async listVersions(sourceId: string): Promise<Array<Omit<SourceVersion, 'mapping' | 'sourceSchema'>>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': keys.sourceVersion(sourceId, 0).pk, ':v': 'VERSION#' },
        ProjectionExpression: 'sourceId, version, note, createdAt, createdBy',
      }),
    );
    return (out.Items ?? []) as Array<Omit<SourceVersion, 'mapping' | 'sourceSchema'>>;
  }

  async list(): Promise<SourceRegistration[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.registeredSources },
      }),
    );
    return (out.Items ?? []).map((i) => strip(i) as unknown as SourceRegistration);
  }

  /** Writes the registration (conditioned on the version read) and, when given, a new mapping version. */
  save(
    uow: UnitOfWork,
    registration: SourceRegistration,
    previous: SourceRegistration | undefined,
    newVersion?: SourceVersion,
  ): void {
    uow.put(
      'source registration',
      {
        ...keys.sourceRegistration(registration.sourceId),
        ...registration,
        gsi1pk: keys.registeredSources,
        gsi1sk: registration.sourceId,
      },
      previous
        ? { expression: 'updatedAt = :u', values: { ':u': previous.updatedAt } }
        : conditions.notExists,
    );
    if (newVersion) {
      const { sourceSchema, ...rest } = newVersion;
      uow.put(
        'source version',
        {
          ...keys.sourceVersion(newVersion.sourceId, newVersion.version),
          ...rest,
          ...(sourceSchema ? { sourceSchemaJson: JSON.stringify(sourceSchema) } : {}),
        },
        conditions.notExists,
      );
    }
  }
}
