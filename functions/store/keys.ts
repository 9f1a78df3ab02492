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
  sourceVersion: (sourceId: string, version: number): Key => ({
    pk: `SOURCE#${sourceId}`,
    sk: `VERSION#${pad(version, 6)}`,
  }),
  /** gsi1: every registered source, for listing. */
  registeredSources: 'SOURCES',
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
  /**
   * gsi2 of a dispute item: open disputes by the next time the supervision sweep must look at them (sparse: absent
   * once nothing can be crossed any more). `checkAt` is a UTC ISO instant, so it sorts against `now`.
   */
  supervisionDue: 'SUPERVISION#DUE',
  supervisionDueSort: (checkAt: string, disputeId: string) => `${checkAt}#${disputeId}`,
  /** Upper bound of supervisionDueSort values due at `now` ('$' sorts right after '#'). */
  supervisionDueBound: (now: string) => `${now}$`,
  person: (id: string): Key => ({ pk: `PERSON#${id}`, sk: 'PERSON' }),
  /** A claim maps an exact identifier (blind index, cross-source reference) to the one entity that holds it. */
  claim: (kind: string, value: string): Key => ({ pk: `CLAIM#${kind}#${value}`, sk: 'CLAIM' }),

  /** One item per blocking key or counted value: the entities holding it and their count (value-index-repository). */
  valueIndex: (indexKey: string): Key => ({ pk: `IDX#${indexKey}`, sk: 'IDX' }),

  review: (id: string): Key => ({ pk: `REVIEW#${id}`, sk: 'REVIEW' }),
  /** gsi1: open review items, most consequential first (sparse: removed once decided). */
  openReviews: 'REVIEWS#OPEN',
  openReviewSort: (priority: number, createdAt: string, id: string) =>
    `${pad(999_999_999 - Math.min(priority, 999_999_999), 9)}#${createdAt}#${id}`,
  auditEntry: (id: string): Key => ({ pk: `AUDIT#${id}`, sk: 'AUDIT' }),
  /** Copies of an audit entry under every entity it involves, newest last. */
  auditOfEntity: (entityId: string, at: string, id: string): Key => ({
    pk: `AUDITOF#${entityId}`,
    sk: `${at}#${id}`,
  }),
  auditOfEntityPartition: (entityId: string) => `AUDITOF#${entityId}`,
  /** gsi1: audit entries by steward; gsi2: all audit entries; both by time. */
  auditByActor: (actor: string) => `AUDIT#BY#${actor}`,
  auditAll: 'AUDIT#ALL',

  /**
   * The figures' counters (stats-repository.ts): one item per scope, period and shard, one attribute per metric,
   * moved with ADD in the transaction that saves the dispute. Shards spread concurrent writers; readers sum them.
   */
  statsShards: 8,
  statsCounter: (scope: string, period: string, shard: number): Key => ({
    pk: `STATS#${scope}#${period}`,
    sk: `SHARD#${shard}`,
  }),

  outbox: (eventId: string): Key => ({ pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' }),
  /** gsi1: outbox items not yet published, oldest first (sparse: removed once published). */
  pendingOutbox: 'OUTBOX#PENDING',
  eventLogCounter: { pk: 'EVENTLOG', sk: 'COUNTER' } as Key,
  eventLogEntry: (position: number): Key => ({ pk: 'EVENTLOG', sk: `POS#${pad(position)}` }),
  eventLogPrefix: 'POS#',
  /** Marks an event id as logged, so publishing it again is a no-op. */
  eventLogMarker: (eventId: string): Key => ({ pk: `EVENTLOG#ID#${eventId}`, sk: 'MARKER' }),
  eventIdOfMarker: (pk: string) => pk.slice('EVENTLOG#ID#'.length),
  eventLogPosition: (sk: string) => Number(sk.slice('POS#'.length)),

  apiKey: (keyHash: string): Key => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  /** gsi1: every API key by id, for listing. */
  apiKeyList: 'APIKEYS',
  hubSetting: (name: string): Key => ({ pk: 'HUB', sk: `SETTING#${name}` }),

  // --- Subscriptions and their delivery state (subscription-repository.ts) -------------------------------------
  // One partition per subscription; every sk starting `STATE` is what a delivery run reads, in one query.
  subscriptionPartition: (id: string) => `SUBSCRIPTION#${id}`,
  subscription: (id: string): Key => ({ pk: `SUBSCRIPTION#${id}`, sk: 'STATE' }),
  deliveryStatePrefix: 'STATE',
  deliveryCursor: (id: string): Key => ({ pk: `SUBSCRIPTION#${id}`, sk: 'STATE#CURSOR' }),
  pendingDelivery: (id: string, position: number): Key => ({
    pk: `SUBSCRIPTION#${id}`,
    sk: `STATE#PENDING#${pad(position)}`,
  }),
  pendingDeliveryPrefix: 'STATE#PENDING#',
  replayJob: (id: string, jobId: string): Key => ({ pk: `SUBSCRIPTION#${id}`, sk: `STATE#REPLAY#${jobId}` }),
  replayJobPrefix: 'STATE#REPLAY#',
  deadLetter: (id: string, position: number): Key => ({
    pk: `SUBSCRIPTION#${id}`,
    sk: `DEAD#${pad(position)}`,
  }),
  deadLetterPrefix: 'DEAD#',
  /** gsi1: every subscription, for listing and for the local delivery worker. */
  subscriptionList: 'SUBSCRIPTIONS',
  /** gsi2: cursors of subscriptions with delivery work due at a time (a retry, a log hole to skip), by that time. */
  deliveryDue: 'DELIVERY#DUE',
  deliveryDueSort: (wakeAt: string, id: string) => `${wakeAt}#${id}`,
  /** Upper bound of deliveryDueSort values due at `now` ('$' sorts right after '#'). */
  deliveryDueBound: (now: string) => `${now}$`,
};
