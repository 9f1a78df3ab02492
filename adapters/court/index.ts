/** The built-in adapter for the court case system's cases (案件, including 诉前调解). */
import type { BuiltinAdapter } from '../engine/adapter.js';
import manifest from './adapter.json' with { type: 'json' };
import { courtCaseIdOf, mapCourtCase } from './map.js';
import sourceSchema from './source.schema.json' with { type: 'json' };

export const courtAdapter: BuiltinAdapter = {
  sourceId: manifest.sourceId,
  version: manifest.version,
  kind: 'builtin',
  displayName: manifest.displayName,
  idField: manifest.idField,
  sourceSchema,
  recordIdOf: courtCaseIdOf,
  map: mapCourtCase,
};
