/**
 * The hub's single DynamoDB table, defined once: read by the CDK storage construct and by the local bootstrap.
 * Plain data, no imports, so infra/ and the runtime agree by construction.
 */
export const tableLayout = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Time-to-live attribute (epoch seconds) for items that expire, such as rate-limit windows. */
  timeToLiveAttribute: 'expiresAt',
  /** The stream feeds the outbox publisher in AWS. */
  streamViewType: 'NEW_IMAGE',
  globalSecondaryIndexes: [
    /** Listings: records by source and status, quarantine, pending outbox, API keys, entity memberships. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Second access path: the event log by position, records stuck in processing, review queue order. */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type TableLayout = typeof tableLayout;
