/**
 * What one subscription receives of an event (design principle 6): the envelope as published, and `data` shaped
 * for the subscriber. Without the `pii` scope every string in `data` is masked (resident ID numbers and phones,
 * also inside free text such as a complaint narrative); with `pii`, `data` passes as the hub stored it, which
 * already holds no full identifiers (those live only in raw records). An id-only subscription receives the
 * identifiers of `data` and nothing else, and no `dataschema`, since `data` no longer follows that schema.
 */
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import { maskRaw } from '../privacy/mask-raw.js';

export type PayloadShape = 'full' | 'id-only';

export interface Projection {
  /** The owning key holds `pii` (or `admin`). */
  pii: boolean;
  payload: PayloadShape;
}

/** The event as delivered to a subscriber; `dataschema` is absent for id-only payloads. */
export type ProjectedEvent = Omit<QiaoCloudEvent, 'dataschema'> & { dataschema?: string };

/** Personal identifiers are never kept as "ids", whatever their key looks like. */
const personalKeys = new Set(['residentId', 'residentIds', 'phone', 'phones', 'blindIndex']);

export function projectEvent(event: QiaoCloudEvent, projection: Projection): ProjectedEvent {
  let data = event.data as Record<string, unknown>;
  if (!projection.pii) data = maskRaw(data) as Record<string, unknown>;
  if (projection.payload === 'full') return { ...event, data };
  const { dataschema: _schema, ...envelope } = event;
  return { ...envelope, data: (idsOf(data) as Record<string, unknown> | undefined) ?? {} };
}

/** Keeps `id`, `…Id` and `…Ids` fields holding strings, with the objects and arrays around them. */
function idsOf(value: unknown): unknown {
  if (Array.isArray(value)) {
    const kept = value.map(idsOf).filter((v) => v !== undefined);
    return kept.length ? kept : undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (personalKeys.has(key)) continue;
    if (
      isIdKey(key) &&
      (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
    ) {
      out[key] = v;
      continue;
    }
    const nested = idsOf(v);
    if (nested !== undefined) out[key] = nested;
  }
  return Object.keys(out).length ? out : undefined;
}

const isIdKey = (key: string) => key === 'id' || key === 'ids' || /[a-z0-9](Id|Ids)$/.test(key);
