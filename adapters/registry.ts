/** The adapters the hub knows, by source id, with each source schema compiled once. */
import type { ValidateFunction } from 'ajv';
import { createAjv, describeAjvErrors } from '../functions/ingest/validate.js';
import type { FieldError, SourceAdapter } from './engine/adapter.js';
import { hotline12345Adapter } from './hotline-12345/index.js';

export class UnknownSourceError extends Error {
  constructor(
    readonly sourceId: string,
    known: string[],
  ) {
    super(`unknown source "${sourceId}"; known: ${known.join(', ')}`);
  }
}

export class AdapterRegistry {
  private readonly adapters = new Map<string, SourceAdapter>();
  private readonly sourceValidators = new Map<string, ValidateFunction>();
  private readonly ajv = createAjv();

  constructor(adapters: SourceAdapter[]) {
    for (const adapter of adapters) this.register(adapter);
  }

  register(adapter: SourceAdapter): void {
    this.adapters.set(adapter.sourceId, adapter);
    if (adapter.sourceSchema) {
      const { $id: _id, ...schema } = adapter.sourceSchema;
      this.sourceValidators.set(adapter.sourceId, this.ajv.compile(schema));
    }
  }

  get(sourceId: string): SourceAdapter {
    const adapter = this.adapters.get(sourceId);
    if (!adapter) throw new UnknownSourceError(sourceId, [...this.adapters.keys()]);
    return adapter;
  }

  has(sourceId: string): boolean {
    return this.adapters.has(sourceId);
  }

  list(): SourceAdapter[] {
    return [...this.adapters.values()];
  }

  /** Field errors of a raw record against its source's JSON Schema (none when the source has no schema). */
  validateSource(sourceId: string, raw: unknown): FieldError[] {
    const validate = this.sourceValidators.get(sourceId);
    if (!validate || validate(raw)) return [];
    return describeAjvErrors(validate.errors, 'accept');
  }
}

export const builtinAdapters = (): SourceAdapter[] => [hotline12345Adapter];
