/**
 * What a source adapter is: it turns one raw record of one source system into the canonical Report.
 * Adapters see identifiers in clear; the ingest pipeline protects them (mask + blind index) before anything is stored.
 */
import type { OtherId, PartyMention, Phone, Report, ResidentId } from '../../schemas/generated/types.js';

/** A resident ID as an adapter produces it: `value` is the normalised full number, removed by protection. */
export type ClearResidentId = ResidentId & { value?: string };
/** A phone as an adapter produces it: `value` is the normalised full number, removed by protection. */
export type ClearPhone = Phone & { value?: string };
/** Another scheme's identifier as an adapter produces it: `value` is removed by protection. */
export type ClearOtherId = OtherId & { value?: string };
export type ClearPartyMention = Omit<PartyMention, 'residentId' | 'phones' | 'otherIds'> & {
  residentId?: ClearResidentId;
  phones?: ClearPhone[];
  otherIds?: ClearOtherId[];
};
/** The canonical Report before protection. */
export type ClearReport = Omit<Report, 'parties'> & { parties: ClearPartyMention[] };

/** A problem with one field of a record: `path` is a JSON path such as `steps[2].time` or `cusPhone`. */
export interface FieldError {
  path: string;
  message: string;
  stage?: 'accept' | 'map' | 'validate' | 'resolve';
}

export interface MapContext {
  /** When the hub received the record (ISO 8601); some deadlines count from it when the source gives no date. */
  receivedAt: string;
}

export type MapResult =
  | { ok: true; report: ClearReport; warnings: FieldError[] }
  | { ok: false; errors: FieldError[]; warnings: FieldError[] };

export interface SourceAdapter {
  readonly sourceId: string;
  /** Bumped whenever the mapping changes what it produces; stored with every processed record. */
  readonly version: string;
  readonly kind: 'builtin' | 'declarative';
  readonly displayName: string;
  /** The field that carries the source's own record id (formId, xfjbh, JJDBH, ajbs, serialNumber). */
  readonly idField: string;
  /** JSON Schema of the raw record, checked when a record is accepted. */
  readonly sourceSchema?: Record<string, unknown>;
  /** The record's id, trimmed and half-width, or undefined when missing or empty. */
  recordIdOf(raw: unknown): string | undefined;
  /** Maps one raw record. Never throws on bad input: problems come back as field errors. */
  map(raw: unknown, context: MapContext): MapResult | Promise<MapResult>;
}

/** A built-in adapter maps synchronously (declarative ones evaluate JSONata, which is asynchronous). */
export interface BuiltinAdapter extends SourceAdapter {
  readonly kind: 'builtin';
  map(raw: unknown, context: MapContext): MapResult;
}
