/**
 * The OpenAPI 3.1 description of the HTTP API, built from the operations each router declares and from the very zod
 * schemas the routes validate queries and bodies with (`z.toJSONSchema`), with the canonical entities referenced from
 * the published JSON Schemas. A test checks that every route is documented and every documented route exists.
 * @see https://spec.openapis.org/oas/v3.1.0
 */
import { z } from 'zod';
import { schemaIds } from '../../schemas/catalog.js';
import * as apiKeys from './routes/api-keys.js';
import * as events from './routes/events.js';
import * as exports from './routes/export.js';
import * as sources from './routes/sources.js';
import * as stats from './routes/stats.js';
import * as steward from './routes/steward.js';
import * as subscriptions from './routes/subscriptions.js';

type Method = 'get' | 'post' | 'patch' | 'delete';

export interface Operation {
  method: Method;
  /** hono path: `/v1/review/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** Scopes any of which is enough (admin holds all); none: no key needed. */
  scopes?: string[];
  query?: z.ZodType;
  body?: z.ZodType;
  /** Other request media types the route accepts besides JSON. */
  bodyTypes?: string[];
  /** A canonical schema the answer follows (catalog name) or a media type it streams. */
  returns?: { schema?: string; mediaType?: string; status?: number };
}

const S = {
  admin: ['admin'],
  read: ['reader', 'steward'],
  steward: ['steward'],
  subscriber: ['subscriber'],
  ingest: ['source:<id>', 'admin'],
  any: ['reader', 'steward', 'subscriber', 'source:<id>'],
};

/** Every operation of the API, in the order the README lists them. */
export const operations: Operation[] = [
  { method: 'get', path: '/health', summary: 'Liveness', tag: 'hub' },
  { method: 'get', path: '/openapi.json', summary: 'This document', tag: 'hub' },
  { method: 'get', path: '/docs', summary: 'The interactive API reference (HTML)', tag: 'hub' },
  {
    method: 'get',
    path: '/asyncapi.json',
    summary: 'AsyncAPI 3.0 description of the event streams',
    tag: 'hub',
  },
  { method: 'get', path: '/v1/schemas', summary: 'The canonical JSON Schemas', tag: 'schemas' },
  { method: 'get', path: '/v1/schemas/:name', summary: 'One canonical JSON Schema', tag: 'schemas' },

  {
    method: 'post',
    path: '/v1/api-keys',
    summary: 'Mint an API key (shown once)',
    tag: 'keys',
    scopes: S.admin,
    body: apiKeys.createBody,
    returns: { status: 201 },
  },
  { method: 'get', path: '/v1/api-keys', summary: 'List API keys', tag: 'keys', scopes: S.admin },
  {
    method: 'delete',
    path: '/v1/api-keys/:id',
    summary: 'Revoke a key (and disable its subscriptions)',
    tag: 'keys',
    scopes: S.admin,
  },

  {
    method: 'get',
    path: '/v1/sources',
    summary: 'Sources with adapter versions and record counts',
    tag: 'sources',
    scopes: S.any,
  },
  {
    method: 'post',
    path: '/v1/sources',
    summary: 'Register a declarative source (JSONata mapping)',
    tag: 'sources',
    scopes: S.admin,
    body: sources.registerBody,
    returns: { status: 201 },
  },
  {
    method: 'get',
    path: '/v1/sources/:sourceId',
    summary: 'One source: adapter version, counts by status, settled',
    tag: 'sources',
    scopes: S.any,
  },
  {
    method: 'get',
    path: '/v1/sources/:sourceId/versions',
    summary: 'Mapping versions of a source',
    tag: 'sources',
    scopes: S.read,
  },
  {
    method: 'get',
    path: '/v1/sources/:sourceId/versions/:version',
    summary: 'One mapping version',
    tag: 'sources',
    scopes: S.read,
  },
  {
    method: 'post',
    path: '/v1/sources/:sourceId/versions',
    summary: 'Add a mapping version',
    tag: 'sources',
    scopes: S.admin,
    body: sources.versionBody,
    returns: { status: 201 },
  },
  {
    method: 'post',
    path: '/v1/sources/:sourceId/activate',
    summary: 'Activate a mapping version (rollback)',
    tag: 'sources',
    scopes: S.admin,
    body: sources.activateBody,
  },
  {
    method: 'post',
    path: '/v1/sources/:sourceId/dry-run',
    summary: 'What the hub makes of sample records, storing nothing',
    tag: 'sources',
    scopes: S.ingest,
    body: sources.dryRunBody,
  },
  {
    method: 'post',
    path: '/v1/sources/:sourceId/records',
    summary: 'Ingest records: a JSON object or array, NDJSON, or CSV (streamed)',
    tag: 'sources',
    scopes: S.ingest,
    bodyTypes: ['application/json', 'application/x-ndjson', 'text/csv'],
    returns: { status: 202 },
  },
  {
    method: 'get',
    path: '/v1/sources/:sourceId/quarantine',
    summary: 'Quarantined records with field-level reasons (cursor paging)',
    tag: 'sources',
    scopes: S.ingest,
    query: sources.pageQuery,
  },
  {
    method: 'post',
    path: '/v1/sources/:sourceId/replay',
    summary: 'Reprocess records with the active adapter',
    tag: 'sources',
    scopes: S.ingest,
    body: sources.replayBody,
    returns: { status: 202 },
  },
  {
    method: 'get',
    path: '/v1/records/:sourceId/:recordId',
    summary: 'A record: raw revisions (masked without pii), status, report, entities',
    tag: 'records',
    scopes: S.any,
  },

  {
    method: 'get',
    path: '/v1/disputes/:id',
    summary: 'A unified dispute (308 to the survivor when merged)',
    tag: 'entities',
    scopes: S.read,
    returns: { schema: 'dispute' },
  },
  {
    method: 'get',
    path: '/v1/persons/:id',
    summary: 'A person’s golden record (308 to the survivor when merged)',
    tag: 'entities',
    scopes: S.read,
    returns: { schema: 'person' },
  },
  {
    method: 'post',
    path: '/v1/disputes/:id/split',
    summary: 'Split records of a dispute off into new disputes',
    tag: 'stewards',
    scopes: S.steward,
    body: steward.splitBody,
  },
  {
    method: 'post',
    path: '/v1/persons/:id/split',
    summary: 'Split records of a person off into new persons',
    tag: 'stewards',
    scopes: S.steward,
    body: steward.splitBody,
  },
  {
    method: 'get',
    path: '/v1/review',
    summary: 'The review queue, most consequential first (cursor paging)',
    tag: 'stewards',
    scopes: S.steward,
    query: steward.reviewQuery,
  },
  {
    method: 'get',
    path: '/v1/review/:id',
    summary: 'A review pair with both sides',
    tag: 'stewards',
    scopes: S.steward,
  },
  {
    method: 'post',
    path: '/v1/review/:id',
    summary: 'Decide a pair: same (merge) or different (kept apart)',
    tag: 'stewards',
    scopes: S.steward,
    body: steward.decisionBody,
  },
  {
    method: 'get',
    path: '/v1/audit',
    summary: 'The audit log of merges, splits and decisions',
    tag: 'stewards',
    scopes: S.steward,
    query: steward.auditQuery,
  },
  {
    method: 'get',
    path: '/v1/export/links',
    summary: 'The crosswalk: each record’s dispute and parties’ persons',
    tag: 'stewards',
    scopes: S.read,
    query: exports.exportQuery,
    returns: { mediaType: 'application/x-ndjson' },
  },
  {
    method: 'get',
    path: '/v1/stats',
    summary: 'Figures for dashboards by division prefix and months',
    tag: 'figures',
    scopes: S.read,
    query: stats.statsQuery,
  },

  {
    method: 'get',
    path: '/v1/events/stream',
    summary: 'Server-Sent Events of every event, resumable',
    tag: 'events',
    scopes: S.subscriber,
    query: events.streamQuery,
    returns: { mediaType: 'text/event-stream' },
  },
  {
    method: 'post',
    path: '/v1/subscriptions',
    summary: 'Subscribe (webhook, feed or SQS) with an event pattern',
    tag: 'subscriptions',
    scopes: S.subscriber,
    body: subscriptions.createBody,
    returns: { status: 201 },
  },
  {
    method: 'get',
    path: '/v1/subscriptions',
    summary: 'Subscriptions (a key sees its own)',
    tag: 'subscriptions',
    scopes: S.subscriber,
  },
  {
    method: 'post',
    path: '/v1/subscriptions/test',
    summary: 'Does a pattern (and region) match this event?',
    tag: 'subscriptions',
    scopes: S.subscriber,
    body: subscriptions.testBody,
  },
  {
    method: 'get',
    path: '/v1/subscriptions/:id',
    summary: 'A subscription and its delivery state',
    tag: 'subscriptions',
    scopes: S.subscriber,
  },
  {
    method: 'patch',
    path: '/v1/subscriptions/:id',
    summary: 'Change a subscription',
    tag: 'subscriptions',
    scopes: S.subscriber,
    body: subscriptions.updateBody,
  },
  {
    method: 'delete',
    path: '/v1/subscriptions/:id',
    summary: 'Delete a subscription',
    tag: 'subscriptions',
    scopes: S.subscriber,
  },
  {
    method: 'post',
    path: '/v1/subscriptions/:id/rotate-secret',
    summary: 'A new webhook secret, the old one valid for an overlap',
    tag: 'subscriptions',
    scopes: S.subscriber,
    body: subscriptions.rotateBody,
  },
  {
    method: 'get',
    path: '/v1/subscriptions/:id/feed',
    summary: 'Pull feed (long-poll)',
    tag: 'subscriptions',
    scopes: S.subscriber,
    query: subscriptions.feedQuery,
  },
  {
    method: 'get',
    path: '/v1/subscriptions/:id/stream',
    summary: 'Server-Sent Events of a subscription',
    tag: 'subscriptions',
    scopes: S.subscriber,
    query: subscriptions.streamQuery,
    returns: { mediaType: 'text/event-stream' },
  },
  {
    method: 'get',
    path: '/v1/subscriptions/:id/dead-letters',
    summary: 'Failed deliveries (paged)',
    tag: 'subscriptions',
    scopes: S.subscriber,
    query: subscriptions.pageQuery,
  },
  {
    method: 'post',
    path: '/v1/subscriptions/:id/dead-letters/redrive',
    summary: 'Deliver dead letters again',
    tag: 'subscriptions',
    scopes: S.subscriber,
    body: subscriptions.redriveBody,
  },
  {
    method: 'post',
    path: '/v1/subscriptions/:id/redrive',
    summary: 'Deliver dead letters again (alias)',
    tag: 'subscriptions',
    scopes: S.subscriber,
    body: subscriptions.redriveBody,
  },
  {
    method: 'post',
    path: '/v1/subscriptions/:id/replay',
    summary: 'Re-deliver a time range of the event log',
    tag: 'subscriptions',
    scopes: S.subscriber,
    body: subscriptions.replayBody,
    returns: { status: 202 },
  },
];

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'machine-readable: unknown-source, invalid-body, rate-limited, …' },
    detail: { type: 'string', description: 'what went wrong and how to fix it' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'the failing field' },
          message: { type: 'string' },
        },
      },
    },
  },
};

export function buildOpenApiDocument(base: URL) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const pathParams = [...op.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = op.query ? queryParameters(op.query) : [];
    const body = op.body ?? (op.bodyTypes ? z.unknown() : undefined);
    const mediaTypes = op.bodyTypes ?? ['application/json'];
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      ...(op.scopes ? { security: [{ apiKey: [] }], 'x-scopes': op.scopes } : { security: [] }),
      parameters: [...pathParams, ...queryParams],
      ...(body
        ? {
            requestBody: {
              required: !op.body?.safeParse(undefined).success,
              content: Object.fromEntries(
                mediaTypes.map((t) => [
                  t,
                  { schema: t === 'application/json' ? jsonSchema(body, 'input') : {} },
                ]),
              ),
            },
          }
        : {}),
      responses: {
        [String(op.returns?.status ?? 200)]: {
          description: 'success',
          content: {
            [op.returns?.mediaType ?? 'application/json']: {
              schema: op.returns?.schema ? { $ref: schemaIds[op.returns.schema] } : {},
            },
          },
        },
        default: {
          description: 'an error, as RFC 9457 problem details',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
        ...(op.scopes
          ? {
              '429': {
                description: 'rate limited; see Retry-After',
                headers: { 'Retry-After': { schema: { type: 'integer' } } },
              },
            }
          : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Qiao (桥) hub API',
      version: '1',
      description:
        'Ingest records of the five source systems, read unified disputes and people, work the steward queue, subscribe to events. Authenticate with `Authorization: Bearer <API key>`; each operation lists the scopes that allow it (admin allows everything).',
    },
    servers: [{ url: base.origin }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'a Qiao API key' } },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function queryParameters(schema: z.ZodType) {
  const json = jsonSchema(schema, 'input') as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}
