/** The built-in adapter for the 信访 (petition) system's petition items (信访件). */
import type { BuiltinAdapter } from '../engine/adapter.js';
import manifest from './adapter.json' with { type: 'json' };
import { mapPetition, petitionIdOf } from './map.js';
import sourceSchema from './source.schema.json' with { type: 'json' };

export const petitionAdapter: BuiltinAdapter = {
  sourceId: manifest.sourceId,
  version: manifest.version,
  kind: 'builtin',
  displayName: manifest.displayName,
  idField: manifest.idField,
  sourceSchema,
  recordIdOf: petitionIdOf,
  map: mapPetition,
};
