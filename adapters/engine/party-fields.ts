/** Reads a person's name, resident ID and phones from record fields, warning about wrong values by their masked form. */
import { normalisePersonName } from '../../functions/resolution/normalise/name.js';
import { splitPhones } from '../../functions/resolution/normalise/phone.js';
import { normaliseResidentId } from '../../functions/resolution/normalise/resident-id.js';
import type { PersonName } from '../../schemas/generated/types.js';
import type { ClearPartyMention, ClearPhone, ClearResidentId } from './adapter.js';
import type { Findings } from './findings.js';

/** A name, or undefined when the field is empty or says the person is anonymous. */
export function readName(value: unknown): PersonName | undefined {
  const name = normalisePersonName(value);
  return name === undefined || name.form === 'empty' ? undefined : name;
}

/** A resident ID; a wrong one is kept, flagged invalid by the normaliser, and warned about without its digits. */
export function readResidentId(
  value: unknown,
  path: string,
  findings: Findings,
): ClearResidentId | undefined {
  const residentId = normaliseResidentId(value);
  if (residentId?.status === 'invalid') findings.warn(path, invalidIdMessage(residentId));
  return residentId;
}

/** Every phone of the given fields, duplicates dropped; numbers that fit no pattern are kept invalid and warned. */
export function readPhones(fields: { path: string; value: unknown }[], findings: Findings): ClearPhone[] {
  const phones = fields.flatMap(({ path, value }) => {
    const found = splitPhones(value);
    for (const phone of found.filter((p) => p.status === 'invalid')) {
      findings.warn(path, invalidPhoneMessage(path, phone));
    }
    return found;
  });
  return dedupePhones(phones);
}

/** Warnings for the wrong ID numbers and phones of parties read from free text (one field). */
export function warnOfInvalidIdentifiers(
  mentions: ClearPartyMention[],
  path: string,
  findings: Findings,
): void {
  for (const mention of mentions) {
    if (mention.residentId?.status === 'invalid') findings.warn(path, invalidIdMessage(mention.residentId));
    for (const phone of mention.phones ?? []) {
      if (phone.status === 'invalid') findings.warn(path, invalidPhoneMessage(path, phone));
    }
  }
}

export function dedupePhones(phones: ClearPhone[]): ClearPhone[] {
  const seen = new Set<string>();
  return phones.filter((phone) => {
    const key = phone.value ?? phone.visibleDigits ?? phone.masked;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function invalidIdMessage(residentId: ClearResidentId): string {
  return `resident ID ${residentId.masked} is invalid (${residentId.problem ?? 'unknown problem'}); kept and flagged invalid`;
}

function invalidPhoneMessage(path: string, phone: ClearPhone): string {
  return `${path} ${phone.masked} is not a phone number we recognise; kept and flagged invalid`;
}
