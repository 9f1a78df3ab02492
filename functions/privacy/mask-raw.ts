/**
 * Masks resident ID numbers and phone numbers wherever they appear in a raw record (fields or free text such as
 * `张伟(330681198203150011)`), for readers without the `pii` scope. Works on any source's shape.
 */
const residentId =
  /(?<![0-9０-９])([1-9１-９][0-9０-９]{5})(?:([0-9０-９]{8})([0-9０-９]{3}[0-9０-９Xx])|([0-9０-９]{6})([0-9０-９]{3}))(?![0-9０-９Xx])/g;
const mobile = /(?<![0-9])(\+?86[\s-]?|0086[\s-]?)?(1[3-9][0-9])[\s-]?([0-9]{4})[\s-]?([0-9]{4})(?![0-9])/g;
const landline = /(?<![0-9])(0[1-9][0-9]{1,2})[\s-]?([0-9]{3,4})([0-9]{4})(?![0-9])/g;

const halfWidth = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** Only digit runs whose middle reads as a birth date are ID numbers (an 18-digit case id like 330620249901000825 is not). */
function looksLikeBirthDate(middle: string): boolean {
  const digits = halfWidth(middle);
  const [year, month, day] =
    digits.length === 8
      ? [Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8))]
      : [1900 + Number(digits.slice(0, 2)), Number(digits.slice(2, 4)), Number(digits.slice(4, 6))];
  return year >= 1880 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export function maskText(text: string): string {
  return text
    .replace(
      residentId,
      (match: string, head: string, m18?: string, t18?: string, m15?: string, t15?: string) => {
        const middle = m18 ?? m15 ?? '';
        return looksLikeBirthDate(middle) ? `${head}${'*'.repeat(middle.length)}${t18 ?? t15}` : match;
      },
    )
    .replace(
      mobile,
      (_m, prefix: string | undefined, a: string, _b: string, c: string) => `${prefix ?? ''}${a}****${c}`,
    )
    .replace(landline, (_m, area: string, _b: string, c: string) => `${area}-****${c}`);
}

/** Returns a copy of a JSON value with every string (and every long number) masked. */
export function maskRaw(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (typeof value === 'number' && Number.isInteger(value)) {
    const masked = maskText(String(value));
    return masked === String(value) ? value : masked;
  }
  if (Array.isArray(value)) return value.map(maskRaw);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskRaw(v)]));
  }
  return value;
}
