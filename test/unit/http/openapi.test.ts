import { describe, expect, it } from 'vitest';
import { createApp } from '../../../functions/http/app.js';
import { buildOpenApiDocument, operations } from '../../../functions/http/openapi.js';
import type { HubDeps } from '../../../functions/runtime/deps.js';

// Building the app registers its routes; nothing here touches the store.
const deps = { clock: { now: () => new Date() }, delivery: {}, store: {} } as unknown as HubDeps;
const app = createApp(deps);
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const routes = new Set(
  app.routes
    .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/console'))
    .map((r) => key(r.method, r.path)),
);
const documented = new Set(operations.map((o) => key(o.method, o.path)));

describe('the OpenAPI document', () => {
  it('documents every route of the API', () => {
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
  });

  it('documents no route that does not exist', () => {
    expect([...documented].filter((r) => !routes.has(r))).toEqual([]);
  });

  it('is OpenAPI 3.1 with the request schemas the routes validate with', () => {
    const doc = buildOpenApiDocument(new URL('http://hub.test'));
    expect(doc.openapi).toBe('3.1.0');
    const review = doc.paths['/v1/review']?.get as {
      parameters: Array<{ name: string; schema: { enum?: string[] } }>;
    };
    expect(review.parameters.find((p) => p.name === 'kind')?.schema.enum).toEqual(['person', 'dispute']);
    const decide = doc.paths['/v1/review/{id}']?.post as {
      requestBody: {
        required: boolean;
        content: Record<string, { schema: { properties: Record<string, unknown> } }>;
      };
    };
    expect(decide.requestBody.required).toBe(true);
    expect(Object.keys(decide.requestBody.content['application/json']!.schema.properties)).toEqual([
      'decision',
      'reason',
    ]);
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods) as Array<{ responses: Record<string, unknown> }>) {
        expect(op.responses.default).toBeDefined();
      }
    }
  });

  it('is served with its interactive reference', async () => {
    const json = await app.request('/openapi.json');
    expect(json.status).toBe(200);
    expect(((await json.json()) as { servers: Array<{ url: string }> }).servers[0]!.url).toBe(
      'http://localhost',
    );
    const docs = await app.request('/docs');
    expect(docs.headers.get('content-type')).toContain('text/html');
    const page = await docs.text();
    expect(page).toContain('data-path="/v1/review/{id}"');
    expect(page).toContain('发送');
  });
});
