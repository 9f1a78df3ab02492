/** The built-in adapter for 110 接处警 call records (接警单): CSV rows (as JSON objects) or JSON objects. */
import type { BuiltinAdapter } from '../engine/adapter.js';
import manifest from './adapter.json' with { type: 'json' };
import { callIdOf, mapCall } from './map.js';
import sourceSchema from './source.schema.json' with { type: 'json' };

export const police110Adapter: BuiltinAdapter = {
  sourceId: manifest.sourceId,
  version: manifest.version,
  kind: 'builtin',
  displayName: manifest.displayName,
  idField: manifest.idField,
  sourceSchema,
  recordIdOf: callIdOf,
  map: mapCall,
};
