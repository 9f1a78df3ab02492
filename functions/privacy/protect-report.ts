/**
 * Protects a mapped report before it is stored (design principle 6): full resident IDs and phones are replaced by
 * their blind index; the masked forms stay for display. Full values remain only in the raw record.
 */
import type {
  ClearOtherId,
  ClearPhone,
  ClearReport,
  ClearResidentId,
} from '../../adapters/engine/adapter.js';
import type { OtherId, Phone, Report, ResidentId } from '../../schemas/generated/types.js';
import type { BlindIndexer } from '../runtime/ports.js';

function protectResidentId(id: ClearResidentId, indexer: BlindIndexer): ResidentId {
  const { value, ...rest } = id;
  return value && id.status !== 'masked'
    ? { ...rest, blindIndex: indexer.indexOf('resident-id', value) }
    : rest;
}

function protectPhone(phone: ClearPhone, indexer: BlindIndexer): Phone {
  const { value, ...rest } = phone;
  return value && phone.status !== 'masked' ? { ...rest, blindIndex: indexer.indexOf('phone', value) } : rest;
}

function protectOtherId(id: ClearOtherId, indexer: BlindIndexer): OtherId {
  const { value, ...rest } = id;
  return value ? { ...rest, blindIndex: indexer.indexOf(`other:${id.scheme}`, value) } : rest;
}

export function protectReport(report: ClearReport, indexer: BlindIndexer): Report {
  return {
    ...report,
    parties: report.parties.map((party) => ({
      ...party,
      ...(party.residentId ? { residentId: protectResidentId(party.residentId, indexer) } : {}),
      ...(party.phones ? { phones: party.phones.map((p) => protectPhone(p, indexer)) } : {}),
      ...(party.otherIds ? { otherIds: party.otherIds.map((o) => protectOtherId(o, indexer)) } : {}),
    })),
  } as Report;
}

/** Removes blind indexes from anything leaving the hub (API responses, events): they are match keys, not data. */
export function withoutBlindIndexes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutBlindIndexes) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'blindIndex')
        .map(([k, v]) => [k, withoutBlindIndexes(v)]),
    ) as T;
  }
  return value;
}
