/** Test builders: realistic source records with overrides, instead of pasted literals. */
import { readFileSync } from 'node:fs';

const exampleUrl = new URL('../../../shared/sources/examples/hotline-12345.json', import.meta.url);
const example = JSON.parse(readFileSync(exampleUrl, 'utf8')) as Record<string, unknown>;

let counter = 0;

/** A 12345 work order shaped like the contract's example, with a fresh formId unless given. */
export function aWorkOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  const n = String(counter).padStart(6, '0');
  return {
    ...example,
    formId: `FTEST${Date.now().toString(36)}${n}`,
    busiNumber: `ZJTEST${n}${process.pid}`,
    ...overrides,
  };
}
