// The AsyncAPI document of the event streams: complete for every event type and internally consistent.
import { describe, expect, it } from 'vitest';
import { buildAsyncApiDocument, dataSchemaOfType, messageName } from '../../../functions/http/asyncapi.js';
import { schemaCatalog } from '../../../schemas/catalog.js';
import cloudevent from '../../../schemas/events/cloudevent.schema.json' with { type: 'json' };

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = any;
const doc: Json = buildAsyncApiDocument(new URL('https://hub.example.gov.cn/v1'));

function resolvePointer(pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, key) => node?.[key], doc);
}

function refsOf(node: unknown, inCatalogSchema = false): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => refsOf(n, inCatalogSchema));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' && !inCatalogSchema
      ? [value]
      : refsOf(value, inCatalogSchema || key === 'schemas'),
  );
}

describe('the AsyncAPI document', () => {
  it('is AsyncAPI 3.0 with the hub as server and the four ways to receive events', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.servers.hub).toMatchObject({ host: 'hub.example.gov.cn', protocol: 'https' });
    expect(Object.keys(doc.channels)).toEqual(['webhook', 'feed', 'stream', 'sqs']);
    expect(Object.values(doc.operations).map((o: Json) => o.action)).toEqual([
      'send',
      'send',
      'send',
      'send',
    ]);
  });

  it('has a message for every event type, with the data schema its catalog schema describes', () => {
    expect(Object.keys(dataSchemaOfType).sort()).toEqual([...cloudevent.properties.type.enum].sort());
    for (const [type, schemaName] of Object.entries(dataSchemaOfType)) {
      const entry = schemaCatalog.find((e) => e.name === schemaName);
      expect(entry, schemaName).toBeDefined();
      expect(String(entry!.schema.description), `${schemaName} documents ${type}`).toContain(type);
      const message = doc.components.messages[messageName(type)];
      expect(message.name).toBe(type);
      expect(message.payload.schema.allOf[1].properties.data.$ref).toBe(
        `#/components/schemas/${schemaName}/schema`,
      );
      for (const channel of Object.values(doc.channels))
        expect((channel as Json).messages[messageName(type)]).toBeDefined();
    }
    expect(messageName('qiao.dispute.status-changed')).toBe('disputeStatusChanged');
  });

  it('resolves every reference of its own inside the document', () => {
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect(resolvePointer(ref), ref).toBeDefined();
  });
});
