/** The built-in adapter for events of the community grid-management app (网格事件). */
import type { BuiltinAdapter } from '../engine/adapter.js';
import manifest from './adapter.json' with { type: 'json' };
import { eventIdOf, mapEvent } from './map.js';
import sourceSchema from './source.schema.json' with { type: 'json' };

export const gridAdapter: BuiltinAdapter = {
  sourceId: manifest.sourceId,
  version: manifest.version,
  kind: 'builtin',
  displayName: manifest.displayName,
  idField: manifest.idField,
  sourceSchema,
  recordIdOf: eventIdOf,
  map: mapEvent,
};
