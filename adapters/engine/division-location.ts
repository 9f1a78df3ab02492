/**
 * Where a record places its matter, from a division code the source gave and the address text it wrote: the code
 * is used unless the text names a finer division inside it; a code that contradicts the text is used with a warning.
 */
import { toHalfWidth } from '../../functions/resolution/normalise/text.js';
import type { Location } from '../../schemas/generated/types.js';
import {
  canonicalDivisionCode,
  type Division,
  type DivisionMatch,
  findDivisionByCode,
  isWithinDivision,
  levelOfDivisionCode,
  matchDivisionInText,
} from './division-catalogue.js';
import type { Findings } from './findings.js';
import { isBlank, optional, show } from './raw-values.js';

export interface PlaceFields {
  /** The division code as the source sent it (6, 9 or 12 digits, padded forms accepted). */
  code: unknown;
  /** Its path in the record, for warnings (`wtsd.qhdm`). */
  codePath: string;
  /** The sourceAttributes key under which a code that was not used as given is kept. */
  codeKey: string;
  /** The address text, trimmed. */
  addressText: string | undefined;
  /** How a division taken from the code was resolved. */
  resolvedByCode: 'source-code' | 'court-code';
}

/** The location of a matter, or undefined when the record names no place at all. */
export function locationOfPlace(place: PlaceFields, findings: Findings): Location | undefined {
  const fromText = place.addressText === undefined ? undefined : matchDivisionInText(place.addressText);
  const fromCode = divisionOfCode(place, findings);
  const division = chooseDivision(place, fromCode, fromText, findings);
  if (division === undefined && place.addressText === undefined) return undefined;
  return { ...division, ...optional('addressText', place.addressText) };
}

/** A division code reduced to its canonical form, with the catalogue entry when known. */
export interface CodedDivision {
  code: string;
  known?: Division;
}

/** The division a code names, the catalogue entry when it knows the code, and the code's level otherwise. */
export function divisionLocationOfCode(coded: CodedDivision, resolvedBy: Location['resolvedBy']): Location {
  return {
    divisionCode: coded.code,
    divisionLevel: coded.known?.level ?? levelOfDivisionCode(coded.code),
    ...optional('divisionName', coded.known?.name),
    resolvedBy,
  };
}

function divisionLocationOfMatch(match: DivisionMatch, resolvedBy: Location['resolvedBy']): Location {
  return { divisionCode: match.code, divisionLevel: match.level, divisionName: match.name, resolvedBy };
}

function divisionOfCode(place: PlaceFields, findings: Findings): CodedDivision | undefined {
  if (isBlank(place.code)) return undefined;
  const given = typeof place.code === 'number' ? String(place.code) : place.code;
  const code =
    typeof given === 'string' ? canonicalDivisionCode(toHalfWidth(given).replace(/\s+/g, '')) : undefined;
  if (code === undefined) {
    findings.warn(
      place.codePath,
      `${place.codePath} ${show(place.code)} is not a 6-, 9- or 12-digit division code; the division is read ` +
        `from the address text and the value kept in sourceAttributes.${place.codeKey}`,
    );
    findings.keep(place.codeKey, place.code);
    return undefined;
  }
  return { code, ...optional('known', findDivisionByCode(code)) };
}

function chooseDivision(
  place: PlaceFields,
  fromCode: CodedDivision | undefined,
  fromText: DivisionMatch | undefined,
  findings: Findings,
): Location | undefined {
  if (fromCode === undefined) return fromText && divisionLocationOfMatch(fromText, 'address-text');
  const textDivision = fromText && findDivisionByCode(fromText.code);
  if (
    textDivision &&
    fromText &&
    fromText.code !== fromCode.code &&
    isWithinDivision(textDivision, fromCode.code)
  ) {
    // The address names a finer division inside the coded one: keep the finer, and the code as given.
    findings.keep(place.codeKey, fromCode.code);
    return divisionLocationOfMatch(fromText, 'address-text');
  }
  if (textDivision && fromText && fromCode.known && !isWithinDivision(fromCode.known, fromText.code)) {
    findings.warn(
      place.codePath,
      `${place.codePath} ${fromCode.code} (${fromCode.known.name}) disagrees with the address text, which names ` +
        `${fromText.name} (${fromText.code}); the code is used`,
    );
  }
  return divisionLocationOfCode(fromCode, place.resolvedByCode);
}
