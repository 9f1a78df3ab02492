/** Collects the field-level problems of one mapping, and the source values with no canonical home. */
import type { FieldError } from './adapter.js';

export class Findings {
  readonly errors: FieldError[] = [];
  readonly warnings: FieldError[] = [];
  /** Source fields with no canonical home (and values the mapping could not use), kept verbatim. */
  readonly attributes: Record<string, unknown> = {};

  fail(path: string, message: string): void {
    this.errors.push({ path, message, stage: 'map' });
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message, stage: 'map' });
  }

  /** Keeps a value in sourceAttributes (nothing when undefined). Never pass personal identifiers. */
  keep(key: string, value: unknown): void {
    if (value !== undefined) this.attributes[key] = value;
  }

  /** sourceAttributes, or undefined when nothing was kept. */
  sourceAttributes(): Record<string, unknown> | undefined {
    return Object.keys(this.attributes).length > 0 ? this.attributes : undefined;
  }
}
