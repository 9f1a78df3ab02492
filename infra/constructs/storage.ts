// The hub's state: the single DynamoDB table built from the shared table layout, and the blind-index HMAC key.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { tableLayout } from '../../functions/store/table-layout.js';
import type { HubFunction } from './hub-function.js';

/** Item-level actions a repository needs; transactions are authorised per item action, streams are not here. */
const tableReadWriteActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export class Storage extends Construct {
  readonly table: Table;
  readonly blindIndexKey: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      // Every key attribute in the single-table design is a string (`PERSON#…`, `OUTBOX#…`).
      partitionKey: { name: tableLayout.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableLayout.sortKey, type: AttributeType.STRING },
      // On-demand: ingestion is bursty (nightly court exports, hotline peaks) and idle most of the night.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // KMS with the AWS-managed key: encrypted at rest and audited in CloudTrail, with no key policy to run.
      encryption: TableEncryption.AWS_MANAGED,
      // The outbox publisher needs only the item as written.
      stream: StreamViewType[tableLayout.streamViewType],
      timeToLiveAttribute: tableLayout.timeToLiveAttribute,
      // Raw records are the source of truth: never lost to a stack deletion or a replacement.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableLayout.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    this.blindIndexKey = new Secret(this, 'BlindIndexKey', {
      description:
        'Qiao blind-index HMAC-SHA256 key for resident ID numbers and phones (the SecretString is the key)',
      generateSecretString: {
        // 64 alphanumerics ≈ 381 bits: above the 256-bit HMAC-SHA256 block strength, and no escaping concerns.
        passwordLength: 64,
        excludePunctuation: true,
      },
      // Losing the key makes every stored blind index unmatchable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.blindIndexKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The blind-index key cannot rotate on a schedule: every stored HMAC would stop matching. Rotation is a planned re-index (re-hash all raw records under a new key version), not a Secrets Manager rotation Lambda.',
    });
  }

  /** Lets `fn` read and write items in the table and its indexes; sets `QIAO_TABLE_NAME`. */
  grantReadWriteData(fn: HubFunction): void {
    fn.function.addEnvironment('QIAO_TABLE_NAME', this.table.tableName);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: tableReadWriteActions,
        // The table and each named index from the layout, instead of the `index/*` wildcard.
        resources: [
          this.table.tableArn,
          ...tableLayout.globalSecondaryIndexes.map(
            (index) => `${this.table.tableArn}/index/${index.indexName}`,
          ),
        ],
      }),
    );
  }

  /** Lets `fn` read the blind-index key; sets `QIAO_BLIND_INDEX_SECRET_ARN`. */
  grantBlindIndexKeyRead(fn: HubFunction): void {
    fn.function.addEnvironment('QIAO_BLIND_INDEX_SECRET_ARN', this.blindIndexKey.secretArn);
    this.blindIndexKey.grantRead(fn.role);
  }
}
