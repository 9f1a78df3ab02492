/**
 * The AsyncAPI 3.0 description of the hub's event streams, built from the published event schemas
 * (schemas/catalog.ts): one message per CloudEvents type, delivered to webhooks (signed per Standard Webhooks), read
 * from a subscription's pull feed or SSE stream, or sent to an SQS queue in AWS.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0
 */
import { schemaCatalog } from '../../schemas/catalog.js';
import type { EventType } from '../events/cloudevent.js';

/** The schema of `data` for each event type, by catalog name. */
export const dataSchemaOfType: Record<EventType, string> = {
  'qiao.dispute.created': 'dispute-changed',
  'qiao.dispute.updated': 'dispute-changed',
  'qiao.dispute.status-changed': 'dispute-changed',
  'qiao.dispute.merged': 'entities-merged',
  'qiao.dispute.split': 'entity-split',
  'qiao.dispute.overdue': 'dispute-overdue',
  'qiao.person.created': 'person-changed',
  'qiao.person.updated': 'person-changed',
  'qiao.person.merged': 'entities-merged',
  'qiao.person.split': 'entity-split',
  'qiao.risk.raised': 'risk-raised',
  'qiao.record.quarantined': 'record-quarantined',
};

/** `qiao.dispute.status-changed` → `disputeStatusChanged`. */
export const messageName = (type: string) =>
  type
    .replace(/^qiao\./, '')
    .split(/[.-]/)
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');

const jsonSchemaFormat = 'application/schema+json;version=draft-07';

export function buildAsyncApiDocument(hubUrl: URL): Record<string, unknown> {
  const types = Object.keys(dataSchemaOfType) as EventType[];
  const messageRefs = () =>
    Object.fromEntries(
      types.map((type) => [messageName(type), { $ref: `#/components/messages/${messageName(type)}` }]),
    );
  const operationMessages = (channel: string) =>
    types.map((type) => ({ $ref: `#/channels/${channel}/messages/${messageName(type)}` }));
  const subscriptionId = {
    subscriptionId: { description: 'The subscription id (`sub_…`) answered by POST /v1/subscriptions.' },
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Qiao hub events',
      version: '1.0.0',
      description: [
        'CloudEvents 1.0 (structured JSON) about disputes, people, risks and quarantined records. Subscribe with',
        '`POST /v1/subscriptions` and an EventBridge event pattern matched against the CloudEvent. Events arrive at',
        'least once, in order per entity (`subject`), with the `sequence` extension (per-entity, increasing) to drop',
        'stale or repeated updates. Personal data is masked unless the subscribing key holds the `pii` scope; an',
        'id-only subscription receives only identifiers in `data`.',
      ].join(' '),
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      hub: {
        host: hubUrl.host,
        protocol: hubUrl.protocol.replace(/:$/, ''),
        description: 'The hub API: pull feeds and SSE streams of subscriptions',
        security: [{ $ref: '#/components/securitySchemes/apiKey' }],
      },
    },
    channels: {
      webhook: {
        address: null,
        title: 'Webhook',
        description: [
          "The subscriber's URL: one POST per event, body the CloudEvent, signed per Standard Webhooks",
          '(headers `webhook-id` = the event id, `webhook-timestamp`, `webhook-signature`; verify with any Standard',
          "Webhooks library and the subscription's `whsec_` secret). Answer 2xx within 10 s; other answers are",
          'retried with backoff for at least 24 hours, then dead-lettered; 410 Gone disables the subscription.',
        ].join(' '),
        messages: messageRefs(),
      },
      feed: {
        address: '/v1/subscriptions/{subscriptionId}/feed',
        title: 'Pull feed',
        description:
          'GET with `after=<cursor>` (and `wait=<seconds>`, up to 20, to long-poll): `{"items": [{"cursor", "event"}], "cursor"}`.',
        parameters: subscriptionId,
        servers: [{ $ref: '#/servers/hub' }],
        messages: messageRefs(),
      },
      stream: {
        address: '/v1/subscriptions/{subscriptionId}/stream',
        title: 'Server-Sent Events',
        description:
          'One SSE event per CloudEvent: `id` the event-log position, `event` the type, `data` the CloudEvent. Reconnect with Last-Event-ID to resume.',
        parameters: subscriptionId,
        servers: [{ $ref: '#/servers/hub' }],
        messages: messageRefs(),
      },
      sqs: {
        address: null,
        title: 'SQS queue (AWS)',
        description:
          "The subscriber's SQS queue: one message per CloudEvent; on a FIFO queue the message group is the subject.",
        messages: messageRefs(),
      },
    },
    operations: {
      deliverWebhook: {
        action: 'send',
        channel: { $ref: '#/channels/webhook' },
        messages: operationMessages('webhook'),
      },
      serveFeed: {
        action: 'send',
        channel: { $ref: '#/channels/feed' },
        messages: operationMessages('feed'),
      },
      serveStream: {
        action: 'send',
        channel: { $ref: '#/channels/stream' },
        messages: operationMessages('stream'),
      },
      deliverSqs: { action: 'send', channel: { $ref: '#/channels/sqs' }, messages: operationMessages('sqs') },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A hub API key with the `subscriber` scope.' },
      },
      schemas: Object.fromEntries(
        schemaCatalog.map((entry) => [entry.name, { schemaFormat: jsonSchemaFormat, schema: entry.schema }]),
      ),
      messages: Object.fromEntries(
        types.map((type) => {
          const data = dataSchemaOfType[type];
          const schema = schemaCatalog.find((e) => e.name === data)?.schema;
          return [
            messageName(type),
            {
              name: type,
              title: type,
              summary: schema?.description ?? schema?.title,
              contentType: 'application/cloudevents+json',
              payload: {
                schemaFormat: jsonSchemaFormat,
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/cloudevent/schema' },
                    {
                      type: 'object',
                      properties: {
                        type: { const: type },
                        dataschema: { const: schema?.$id },
                        data: { $ref: `#/components/schemas/${data}/schema` },
                      },
                    },
                  ],
                },
              },
            },
          ];
        }),
      ),
    },
  };
}
