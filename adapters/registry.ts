/**
 * The adapters the hub knows, by source id: the built-ins, and sources registered at runtime with a declarative
 * mapping (loaded from the store, compiled once per version). Each source schema is compiled once.
 */
import type { ValidateFunction } from 'ajv';
import { createAjv, describeAjvErrors } from '../functions/ingest/validate.js';
import { courtAdapter } from './court/index.js';
import type { FieldError, SourceAdapter } from './engine/adapter.js';
import { createDeclarativeAdapter } from './engine/declarative-adapter.js';
import type { SourceRegistration, SourceRegistrations } from './engine/source-registration.js';
import { gridAdapter } from './grid/index.js';
import { hotline12345Adapter } from './hotline-12345/index.js';
import { petitionAdapter } from './petition/index.js';
import { police110Adapter } from './police-110/index.js';

export class UnknownSourceError extends Error {
  constructor(
    readonly sourceId: string,
    known: string[],
  ) {
    super(`unknown source "${sourceId}"; known: ${known.join(', ')}`);
  }
}

export class UnknownAdapterVersionError extends Error {
  constructor(sourceId: string, version: string, known: string[]) {
    super(`unknown adapter version "${version}" of source "${sourceId}"; known: ${known.join(', ')}`);
  }
}

/** How long a process trusts its cached view of a registered source before reading it again. */
const registrationTtlMs = 5_000;

export class AdapterRegistry {
  private readonly builtins = new Map<string, SourceAdapter>();
  private readonly compiled = new Map<string, SourceAdapter>();
  private readonly registrations = new Map<
    string,
    { registration: SourceRegistration | undefined; at: number }
  >();
  private readonly sourceValidators = new WeakMap<SourceAdapter, ValidateFunction | null>();
  private readonly ajv = createAjv();

  constructor(
    adapters: SourceAdapter[],
    private readonly registered?: SourceRegistrations,
  ) {
    for (const adapter of adapters) this.register(adapter);
  }

  /** Adds or replaces a code adapter (the built-ins; tests use it for adapters of their own). */
  register(adapter: SourceAdapter): void {
    this.builtins.set(adapter.sourceId, adapter);
  }

  isBuiltin(sourceId: string): boolean {
    return this.builtins.has(sourceId);
  }

  /** The adapter new records of the source are processed with. */
  async resolve(sourceId: string): Promise<SourceAdapter> {
    const builtin = this.builtins.get(sourceId);
    if (builtin) return builtin;
    const registration = await this.registrationOf(sourceId);
    if (!registration) throw new UnknownSourceError(sourceId, await this.knownIds());
    return this.resolveVersion(sourceId, registration.activeVersion);
  }

  /** A given version of a registered source's mapping. */
  async resolveVersion(sourceId: string, version: number): Promise<SourceAdapter> {
    const cacheKey = `${sourceId}@${version}`;
    const cached = this.compiled.get(cacheKey);
    if (cached) return cached;
    const registration = await this.registrationOf(sourceId);
    const stored = registration && (await this.registered?.getVersion(sourceId, version));
    if (!registration || !stored) {
      throw new UnknownAdapterVersionError(
        sourceId,
        String(version),
        registration ? [`1…${registration.latestVersion}`] : [],
      );
    }
    const adapter = createDeclarativeAdapter(
      {
        sourceId,
        displayName: registration.displayName,
        idField: registration.idField,
        mapping: stored.mapping,
        ...(stored.sourceSchema ? { sourceSchema: stored.sourceSchema } : {}),
      },
      String(version),
    );
    this.compiled.set(cacheKey, adapter);
    return adapter;
  }

  async has(sourceId: string): Promise<boolean> {
    return this.builtins.has(sourceId) || Boolean(await this.registrationOf(sourceId));
  }

  /** Forgets what this process knows of a registered source (after it registered a change itself). */
  invalidate(sourceId: string): void {
    this.registrations.delete(sourceId);
  }

  builtinAdapters(): SourceAdapter[] {
    return [...this.builtins.values()];
  }

  async registeredSources(): Promise<SourceRegistration[]> {
    return (await this.registered?.list()) ?? [];
  }

  /** Field errors of a raw record against the adapter's source JSON Schema (none when it has none). */
  validateSource(adapter: SourceAdapter, raw: unknown): FieldError[] {
    let validate = this.sourceValidators.get(adapter);
    if (validate === undefined) {
      const { $id: _id, ...schema } = adapter.sourceSchema ?? {};
      validate = adapter.sourceSchema ? this.ajv.compile(schema) : null;
      this.sourceValidators.set(adapter, validate);
    }
    if (!validate || validate(raw)) return [];
    return describeAjvErrors(validate.errors, 'accept');
  }

  private async registrationOf(sourceId: string): Promise<SourceRegistration | undefined> {
    const cached = this.registrations.get(sourceId);
    if (cached && Date.now() - cached.at < registrationTtlMs) return cached.registration;
    const registration = await this.registered?.get(sourceId);
    this.registrations.set(sourceId, { registration, at: Date.now() });
    return registration;
  }

  private async knownIds(): Promise<string[]> {
    return [...this.builtins.keys(), ...(await this.registeredSources()).map((r) => r.sourceId)];
  }
}

export const builtinAdapters = (): SourceAdapter[] => [
  hotline12345Adapter,
  petitionAdapter,
  police110Adapter,
  courtAdapter,
  gridAdapter,
];
