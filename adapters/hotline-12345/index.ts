/** The built-in adapter for 12345 政务服务便民热线 work orders (工单). */
import type { BuiltinAdapter } from '../engine/adapter.js';
import manifest from './adapter.json' with { type: 'json' };
import { mapWorkOrder, workOrderIdOf } from './map.js';
import sourceSchema from './source.schema.json' with { type: 'json' };

export const hotline12345Adapter: BuiltinAdapter = {
  sourceId: manifest.sourceId,
  version: manifest.version,
  kind: 'builtin',
  displayName: manifest.displayName,
  idField: manifest.idField,
  sourceSchema,
  recordIdOf: workOrderIdOf,
  map: mapWorkOrder,
};
