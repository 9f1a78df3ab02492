/** A source registered at runtime: its identity, and numbered versions of its declarative mapping. */
export interface SourceRegistration {
  sourceId: string;
  displayName: string;
  idField: string;
  /** The version new records are processed with; rolling back is pointing this at an older version. */
  activeVersion: number;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

export interface SourceVersion {
  sourceId: string;
  version: number;
  mapping: string;
  sourceSchema?: Record<string, unknown>;
  note?: string;
  createdAt: string;
  createdBy: string;
}

/** Where registered sources are kept (the store implements it). */
export interface SourceRegistrations {
  get(sourceId: string): Promise<SourceRegistration | undefined>;
  getVersion(sourceId: string, version: number): Promise<SourceVersion | undefined>;
  list(): Promise<SourceRegistration[]>;
}
