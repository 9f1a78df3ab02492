/**
 * Persons and disputes as the hub stores them: the public entity plus what matching needs and no reader may see
 * (stated birth dates, other schemes' blind indexes, per-report match summaries, the index keys already written,
 * steward constraints). `publicPerson` / `publicDispute` are the only way out.
 */
import type { Dispute, Location, OtherId, Person } from '../../schemas/generated/types.js';
import type { DisputeReportSummary } from './dispute-matcher.js';

interface Internals {
  /** Value-index keys this entity is already filed under (so only new ones are written). */
  indexed?: string[];
  /** Entities a steward decided are different (cannot-link): never merged with this one, never proposed again. */
  apart?: string[];
  /** Entities merged into this one (their ids redirect here); steward constraints on them hold for this one. */
  mergedFrom?: string[];
}

export type StoredPerson = Person &
  Internals & {
    /** Birth dates sources stated directly (not read from an ID number). */
    birthDates?: string[];
    otherIds?: OtherId[];
    /** Divisions of the reports that named this person without an address of their own: where they were seen. */
    seenAt?: Location[];
    /** Sexes sources stated for the person (not read from an ID number). */
    statedSexes?: string[];
    /** The most trusted source of each name as given (survivorship by source priority). */
    nameSources?: Record<string, string>;
  };

export type StoredDispute = Dispute &
  Internals & {
    /** What dispute matching compares a new report with: one summary per joined report. */
    matchReports?: DisputeReportSummary[];
  };

export function publicPerson(person: StoredPerson): Person {
  const {
    indexed: _i,
    apart: _a,
    mergedFrom: _m,
    birthDates: _b,
    otherIds: _o,
    seenAt: _s,
    statedSexes: _x,
    nameSources: _n,
    ...rest
  } = person;
  return rest;
}

export function publicDispute(dispute: StoredDispute): Dispute {
  const { indexed: _i, apart: _a, mergedFrom: _m, matchReports: _r, ...rest } = dispute;
  return rest;
}

/** Whether a steward has kept the two apart, directly or through entities merged into either. */
export function keptApart(a: Internals & { id: string }, b: Internals & { id: string }): boolean {
  const idsOf = (e: Internals & { id: string }) => new Set([e.id, ...(e.mergedFrom ?? [])]);
  const [ia, ib] = [idsOf(a), idsOf(b)];
  return (a.apart ?? []).some((id) => ib.has(id)) || (b.apart ?? []).some((id) => ia.has(id));
}

/**
 * The person as the matcher sees them: their own addresses, plus the places they were seen, since a party to a village
 * quarrel mostly lives in that village. Blocking and comparison only; never shown as an address.
 */
export function matchProfile(person: StoredPerson): StoredPerson {
  return person.seenAt?.length
    ? { ...person, addresses: [...(person.addresses ?? []), ...person.seenAt] }
    : person;
}

/** A report's place, reduced to its division, for a party that gives no address. */
export function divisionOnly(location: Location | undefined): Location | undefined {
  if (!location?.divisionCode) return undefined;
  return {
    divisionCode: location.divisionCode,
    ...(location.divisionLevel ? { divisionLevel: location.divisionLevel } : {}),
    ...(location.divisionName ? { divisionName: location.divisionName } : {}),
  };
}
