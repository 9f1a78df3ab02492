/** Every key of the single table, in one place: the only module that knows pk/sk/gsi attribute names and shapes. */
export const Attr = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  gsi2pk: 'gsi2pk',
  gsi2sk: 'gsi2sk',
} as const;

export interface Key {
  pk: string;
  sk: string;
}

const pad = (n: number, width = 12) => String(n).padStart(width, '0');

export const keys = {
  counterShards: 8,
  sourceCounter: (sourceId: string, shard: number): Key => ({
    pk: `SOURCE#${sourceId}`,
    sk: `COUNT#${shard}`,
  }),
  sourceRegistration: (sourceId: string): Key => ({ pk: `SOURCE#${sourceId}`, sk: 'REGISTRATION' }),
  sourceCounterPrefix: (sourceId: string) => ({ pk: `SOURCE#${sourceId}`, skPrefix: 'COUNT#' }),

  record: (sourceId: string, recordId: string): Key => ({
    pk: `RECORD#${sourceId}#${recordId}`,
    sk: 'RECORD',
  }),
  revision: (sourceId: string, recordId: string, revision: number): Key => ({
    pk: `RECORD#${sourceId}#${recordId}`,
    sk: `REV#${pad(revision, 6)}`,
  }),
  revisionPrefix: 'REV#',
  contentHash: (sourceId: string, recordId: string, hash: string): Key => ({
    pk: `RECORD#${sourceId}#${recordId}`,
    sk: `HASH#${hash}`,
  }),
  /** gsi1: records of a source by processing status, newest change last. */
  recordsByStatus: (sourceId: string, status: string) => `RECORDS#${sourceId}#${status}`,
  recordsByStatusSort: (updatedAt: string, recordId: string) => `${updatedAt}#${recordId}`,
  /** gsi2: records not yet finished (received or processing), by last change, for the stuck-record sweep. */
  unfinishedRecords: 'RECORDS#UNFINISHED',

  dispute: (id: string): Key => ({ pk: `DISPUTE#${id}`, sk: 'DISPUTE' }),
  person: (id: string): Key => ({ pk: `PERSON#${id}`, sk: 'PERSON' }),
  /** A claim maps an exact identifier (blind index, cross-source reference) to the one entity that holds it. */
  claim: (kind: string, value: string): Key => ({ pk: `CLAIM#${kind}#${value}`, sk: 'CLAIM' }),

  outbox: (eventId: string): Key => ({ pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' }),
  /** gsi1: outbox items not yet published, oldest first (sparse: removed once published). */
  pendingOutbox: 'OUTBOX#PENDING',
  eventLogCounter: { pk: 'EVENTLOG', sk: 'COUNTER' } as Key,
  eventLogEntry: (position: number): Key => ({ pk: 'EVENTLOG', sk: `POS#${pad(position)}` }),
  eventLogPrefix: 'POS#',
  eventLogPosition: (sk: string) => Number(sk.slice('POS#'.length)),

  apiKey: (keyHash: string): Key => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  /** gsi1: every API key by id, for listing. */
  apiKeyList: 'APIKEYS',
  hubSetting: (name: string): Key => ({ pk: 'HUB', sk: `SETTING#${name}` }),
};
