/** The published contract: every canonical entity and event schema (JSON Schema 2020-12). */
import { Hono } from 'hono';
import { schemaCatalog } from '../../../schemas/catalog.js';
import { problems } from '../problem.js';

export function schemaRoutes() {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({
      items: schemaCatalog.map((e) => ({
        name: e.name,
        group: e.group,
        $id: e.schema.$id,
        title: e.schema.title,
        href: `/v1/schemas/${e.name}`,
      })),
    }),
  );
  app.get('/:name', (c) => {
    const entry = schemaCatalog.find((e) => e.name === c.req.param('name'));
    if (!entry)
      throw problems.notFound(
        'unknown-schema',
        `no schema "${c.req.param('name')}"; known: ${schemaCatalog.map((e) => e.name).join(', ')}`,
      );
    c.header('Content-Type', 'application/schema+json');
    return c.body(JSON.stringify(entry.schema, null, 2));
  });
  return app;
}
