/** Reads a longitude/latitude pair from two source fields, with the datum the source uses. */

import { toHalfWidth } from '../../functions/resolution/normalise/text.js';
import type { Coordinates } from '../../schemas/generated/types.js';
import type { Findings } from './findings.js';
import { isBlank, show, trimmedText } from './raw-values.js';

export interface CoordinateFields {
  longitude: { path: string; value: unknown };
  latitude: { path: string; value: unknown };
  datum: Coordinates['datum'];
}

/**
 * The coordinates, or undefined when the source gave none (both empty, or both 0: devices without a fix send 0).
 * A pair given the wrong way round (latitude in the longitude field) is swapped back with a warning; a value that is
 * no number, or out of range, or one half of a pair alone, is kept in sourceAttributes under its field with a warning.
 */
export function readCoordinates(fields: CoordinateFields, findings: Findings): Coordinates | undefined {
  const { longitude, latitude, datum } = fields;
  const lon = numberOf(longitude.value);
  const lat = numberOf(latitude.value);
  const absent = (n: number | undefined, raw: unknown) => isBlank(raw) || n === 0;
  if (absent(lon, longitude.value) && absent(lat, latitude.value)) return undefined;
  const keepBoth = () => {
    findings.keep(longitude.path, longitude.value);
    findings.keep(latitude.path, latitude.value);
  };
  if (lon === undefined || lat === undefined || lon === 0 || lat === 0) {
    findings.warn(
      absent(lon, longitude.value) || lon === undefined ? longitude.path : latitude.path,
      `coordinates ${longitude.path}=${show(longitude.value)}, ${latitude.path}=${show(latitude.value)} are not a ` +
        'usable pair of decimal degrees; no coordinates, the values kept in sourceAttributes',
    );
    keepBoth();
    return undefined;
  }
  if (inRange(lon, lat)) return { longitude: lon, latitude: lat, datum };
  if (inRange(lat, lon)) {
    findings.warn(
      longitude.path,
      `${longitude.path}=${lon} is no longitude but ${latitude.path}=${lat} is: the two fields are swapped; ` +
        `read as longitude ${lat}, latitude ${lon}`,
    );
    return { longitude: lat, latitude: lon, datum };
  }
  findings.warn(
    longitude.path,
    `coordinates ${longitude.path}=${show(longitude.value)}, ${latitude.path}=${show(latitude.value)} are out of ` +
      'range (longitude −180…180, latitude −90…90); no coordinates, the values kept in sourceAttributes',
  );
  keepBoth();
  return undefined;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = trimmedText(value);
  if (text === undefined) return undefined;
  const half = toHalfWidth(text).replace(/\s+/g, '');
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(half)) return undefined;
  return Number(half);
}

function inRange(longitude: number, latitude: number): boolean {
  return Math.abs(longitude) <= 180 && Math.abs(latitude) <= 90;
}
