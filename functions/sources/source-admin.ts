/**
 * Registering sources at runtime: a declarative mapping is compiled and checked before anything is stored;
 * every change is a new numbered version; activating an older version is a rollback. Records already processed
 * keep the version they were processed with until they are replayed.
 */
import { compileMapping } from '../../adapters/engine/declarative-adapter.js';
import type { SourceRegistration, SourceVersion } from '../../adapters/engine/source-registration.js';
import { createAjv } from '../ingest/validate.js';
import type { HubDeps } from '../runtime/deps.js';

export class SourceExistsError extends Error {}
export class InvalidSourceSchemaError extends Error {}
export class SourceNotRegisteredError extends Error {}

export interface SourceDefinition {
  sourceId: string;
  displayName: string;
  idField: string;
  mapping: string;
  sourceSchema?: Record<string, unknown>;
  note?: string;
}

type AdminDeps = Pick<HubDeps, 'store' | 'clock' | 'adapters'>;

/** Compiles the mapping (InvalidMappingError on failure) and the source schema (InvalidSourceSchemaError). */
function check(definition: Pick<SourceDefinition, 'mapping' | 'sourceSchema'>): void {
  compileMapping(definition.mapping);
  if (definition.sourceSchema) {
    try {
      const { $id: _id, ...schema } = definition.sourceSchema;
      createAjv().compile(schema);
    } catch (error) {
      throw new InvalidSourceSchemaError(`the source schema does not compile: ${(error as Error).message}`);
    }
  }
}

export async function registerSource(
  deps: AdminDeps,
  definition: SourceDefinition,
  by: string,
): Promise<SourceRegistration> {
  if (deps.adapters.isBuiltin(definition.sourceId) || (await deps.store.sources.get(definition.sourceId))) {
    throw new SourceExistsError(
      `source "${definition.sourceId}" already exists; add a version with POST /v1/sources/${definition.sourceId}/versions`,
    );
  }
  check(definition);
  const now = deps.clock.now().toISOString();
  const registration: SourceRegistration = {
    sourceId: definition.sourceId,
    displayName: definition.displayName,
    idField: definition.idField,
    activeVersion: 1,
    latestVersion: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: by,
  };
  const uow = deps.store.unitOfWork();
  deps.store.sources.save(uow, registration, undefined, versionOf(definition, 1, now, by));
  await uow.commit();
  deps.adapters.invalidate(definition.sourceId);
  return registration;
}

export async function addSourceVersion(
  deps: AdminDeps,
  sourceId: string,
  change: Pick<SourceDefinition, 'mapping' | 'sourceSchema' | 'note'> & { activate: boolean },
  by: string,
): Promise<SourceRegistration> {
  const previous = await requireRegistered(deps, sourceId);
  check(change);
  const now = deps.clock.now().toISOString();
  const version = previous.latestVersion + 1;
  const next: SourceRegistration = {
    ...previous,
    latestVersion: version,
    activeVersion: change.activate ? version : previous.activeVersion,
    updatedAt: now,
  };
  const uow = deps.store.unitOfWork();
  deps.store.sources.save(uow, next, previous, versionOf({ ...change, sourceId }, version, now, by));
  await uow.commit();
  deps.adapters.invalidate(sourceId);
  return next;
}

/** Makes an existing version the active one: a rollback, or a roll forward again. */
export async function activateSourceVersion(
  deps: AdminDeps,
  sourceId: string,
  version: number,
): Promise<SourceRegistration> {
  const previous = await requireRegistered(deps, sourceId);
  if (!Number.isInteger(version) || version < 1 || version > previous.latestVersion) {
    throw new SourceNotRegisteredError(
      `source "${sourceId}" has versions 1…${previous.latestVersion}, not ${version}`,
    );
  }
  const next = { ...previous, activeVersion: version, updatedAt: deps.clock.now().toISOString() };
  const uow = deps.store.unitOfWork();
  deps.store.sources.save(uow, next, previous);
  await uow.commit();
  deps.adapters.invalidate(sourceId);
  return next;
}

async function requireRegistered(deps: AdminDeps, sourceId: string): Promise<SourceRegistration> {
  const registration = await deps.store.sources.get(sourceId);
  if (!registration) {
    throw new SourceNotRegisteredError(
      deps.adapters.isBuiltin(sourceId)
        ? `source "${sourceId}" is built in; its adapter changes with the hub's code, not through the API`
        : `source "${sourceId}" is not registered`,
    );
  }
  return registration;
}

function versionOf(
  definition: Pick<SourceDefinition, 'sourceId' | 'mapping' | 'sourceSchema' | 'note'>,
  version: number,
  at: string,
  by: string,
): SourceVersion {
  return {
    sourceId: definition.sourceId,
    version,
    mapping: definition.mapping,
    ...(definition.sourceSchema ? { sourceSchema: definition.sourceSchema } : {}),
    ...(definition.note ? { note: definition.note } : {}),
    createdAt: at,
    createdBy: by,
  };
}
