// Intent of the hub stack: what each construct promises, asserted on the synthesized template and the cdk-nag report.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableLayout } from '../../../functions/store/table-layout.js';
import { outboxKeyPrefix } from '../../../infra/constructs/events.js';
import { supervisionBudget, supervisionInterval } from '../../../infra/constructs/schedules.js';
import { HubStack } from '../../../infra/hub-stack.js';

interface SuppressedViolation {
  ruleName: string;
  reason: string;
  violatingConstructs: { constructPath: string }[];
}
interface PluginReport {
  pluginName: string;
  violations: { ruleName: string; description: string; violatingResources: { constructPath: string }[] }[];
  suppressedViolations?: SuppressedViolation[];
}

const esmRequireBanner =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let outdir: string;
let stack: HubStack;
let template: Template;
let assemblyDirectory: string;
let nagReport: PluginReport;

/** The logical ID CloudFormation will see for a construct (its default child when it is an L2). */
function logicalId(construct: IConstruct): string {
  const resource = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(`no CloudFormation resource under "${construct.node.path}"; pass an L1 or an L2`);
  }
  return stack.resolve(stack.getLogicalId(resource));
}

function resourcesOfType(type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** Every statement of the inline policies attached to a role. */
function statementsOfRole(roleLogicalId: string): Statement[] {
  return Object.values(resourcesOfType('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

function envOf(functionLogicalId: string): Record<string, unknown> {
  const fn = resourcesOfType('AWS::Lambda::Function')[functionLogicalId];
  if (!fn) throw new Error(`no Lambda function "${functionLogicalId}" in the template`);
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

beforeAll(() => {
  // The same feature flags as `cdk synth`, so the test sees the template that deploys.
  const cdkJson = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8'));
  outdir = mkdtempSync(join(tmpdir(), 'qiao-cdk-'));
  const app = new App({
    // The report is asserted below, so a finding fails one named test instead of the whole file.
    context: { ...cdkJson.context, [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: false },
    outdir,
  });
  stack = new HubStack(app, 'QiaoHub');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  assemblyDirectory = assembly.directory;
  template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  nagReport = report.pluginReports.find((r: PluginReport) => r.pluginName === 'AwsSolutions');
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('Storage', () => {
  it('builds the table keys and indexes from the shared table layout', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableLayout.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableLayout.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableLayout.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: tableLayout.timeToLiveAttribute, Enabled: true },
    });
  });

  it('keeps the table recoverable, encrypted, on demand and streaming new images', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: { StreamViewType: tableLayout.streamViewType },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('generates the blind-index key and retains it', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ GenerateSecretString: Match.objectLike({ PasswordLength: 64 }) }),
    });
  });
});

describe('Ingestion', () => {
  it('redrives the ingest queue to its dead-letter queue after five receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack.ingestion.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
  });

  it('encrypts every queue and denies non-TLS access to it', () => {
    const queues = resourcesOfType('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(6);
    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled ?? queue.Properties.KmsMasterKeyId, id).toBeTruthy();
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('gives the queue a visibility timeout of at least six ingest function timeouts', () => {
    const queue = resourcesOfType('AWS::SQS::Queue')[logicalId(stack.ingestion.queue)];
    const ingest =
      resourcesOfType('AWS::Lambda::Function')[logicalId(stack.ingestion.ingestFunction.function)];
    expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * (ingest?.Properties.Timeout as number),
    );
  });

  it('consumes the queue with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.ingestion.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(stack.ingestion.ingestFunction.function) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('HubFunction', () => {
  it('runs every function on nodejs24.x and arm64 with active tracing', () => {
    const functions = Object.values(resourcesOfType('AWS::Lambda::Function'));
    expect(functions).toHaveLength(5);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
  });

  it('keeps every log group for six months', () => {
    for (const logGroup of Object.values(resourcesOfType('AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties.RetentionInDays).toBe(180);
    }
  });

  it('bundles each handler to an ESM module that can still require CommonJS', () => {
    for (const fn of Object.values(resourcesOfType('AWS::Lambda::Function'))) {
      // The asset's S3 key is `<hash>.zip`; the staged bundle sits in `asset.<hash>/` of the cloud assembly.
      const hash = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const bundleDirectory = join(assemblyDirectory, `asset.${hash}`);
      const bundle = readFileSync(join(bundleDirectory, 'index.mjs'), 'utf8');
      expect(bundle.startsWith(esmRequireBanner)).toBe(true);
      expect(bundle).toMatch(/export\s*\{[^}]*as handler\s*\}|export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(existsSync(join(bundleDirectory, 'index.mjs.map'))).toBe(true);
    }
  });

  it('sets the environment each function reads', () => {
    const subscriptionEnvironment = [
      'QIAO_SUBSCRIPTION_BUS_NAME',
      'QIAO_SUBSCRIPTION_RULE_PREFIX',
      'QIAO_DELIVERY_QUEUE_ARN',
      'QIAO_DELIVERY_QUEUE_URL',
    ];
    const expected = {
      [logicalId(stack.api.apiFunction.function)]: [
        'QIAO_TABLE_NAME',
        'QIAO_INGEST_QUEUE_URL',
        'QIAO_BLIND_INDEX_SECRET_ARN',
        ...subscriptionEnvironment,
      ],
      [logicalId(stack.delivery.deliverFunction.function)]: ['QIAO_TABLE_NAME', ...subscriptionEnvironment],
      [logicalId(stack.ingestion.ingestFunction.function)]: [
        'QIAO_TABLE_NAME',
        'QIAO_INGEST_QUEUE_URL',
        'QIAO_BLIND_INDEX_SECRET_ARN',
      ],
      [logicalId(stack.events.publishFunction.function)]: ['QIAO_TABLE_NAME', 'QIAO_EVENT_BUS_NAME'],
      [logicalId(stack.schedules.sweepFunction.function)]: [
        'QIAO_TABLE_NAME',
        'QIAO_INGEST_QUEUE_URL',
        'QIAO_EVENT_BUS_NAME',
        'QIAO_BLIND_INDEX_SECRET_ARN',
      ],
    };
    for (const [id, names] of Object.entries(expected)) {
      const env = envOf(id);
      expect(Object.keys(env).sort(), id).toEqual(
        [...names, 'QIAO_RUNTIME', 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS'].sort(),
      );
      expect(env.QIAO_RUNTIME).toBe('aws');
    }
  });
});

describe('Api', () => {
  it('proxies every route to the api function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(stack.api.apiFunction.function), 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
  });

  it('logs access and throttles on the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(stack.api.accessLogs), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('lets the api function send to the ingest queue', () => {
    const statements = statementsOfRole(logicalId(stack.api.apiFunction.role));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Resource: { 'Fn::GetAtt': [logicalId(stack.ingestion.queue), 'Arn'] },
      }),
    );
  });

  it('does not let the api function put events', () => {
    const statements = statementsOfRole(logicalId(stack.api.apiFunction.role));
    const actions = statements.flatMap(actionsOf);
    expect(actions.some((action) => /^events:(PutEvents|\*)$|^\*$/.test(action))).toBe(false);
  });
});

describe('Events', () => {
  it('names the custom bus for the hub and archives all its events for a year', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'qiao-events' });
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [logicalId(stack.events.bus), 'Arn'] },
      RetentionDays: 365,
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
    });
  });

  it('feeds the publish function from the table stream, filtered to new outbox items', () => {
    const mappings = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: { Ref: logicalId(stack.events.publishFunction.function) } },
      }) as Record<string, Resource>,
    );
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!.Properties;
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.storage.table), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: expect.any(Number),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.events.publishFailures), 'Arn'] } },
      },
    });
    const filters = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      {
        eventName: ['INSERT'],
        dynamodb: { NewImage: { [tableLayout.partitionKey]: { S: [{ prefix: outboxKeyPrefix }] } } },
      },
    ]);
  });

  it('lets the publish function put events on the hub bus only', () => {
    const statements = statementsOfRole(logicalId(stack.events.publishFunction.role));
    const putEvents = statements.filter((statement) => actionsOf(statement).includes('events:PutEvents'));
    expect(putEvents).toEqual([
      expect.objectContaining({ Resource: { 'Fn::GetAtt': [logicalId(stack.events.bus), 'Arn'] } }),
    ]);
  });
});

describe('Schedules', () => {
  it('invokes the sweep function every five minutes through its own role, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stack.schedules.sweepFunction.function), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulesSchedulerRole'), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.schedules.deadLetterQueue), 'Arn'] } },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
      },
    });
  });

  it('runs the supervision sweep (督办) every minute, within a budget shorter than the interval', () => {
    const sweep = resourcesOfType('AWS::Lambda::Function')[logicalId(stack.schedules.sweepFunction.function)];
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stack.schedules.sweepFunction.function), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulesSchedulerRole'), 'Arn'] },
        Input: JSON.stringify({ task: 'supervise', budgetSeconds: supervisionBudget.toSeconds() }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.schedules.deadLetterQueue), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 2 },
      },
    });
    expect(supervisionBudget.toSeconds()).toBeLessThan(supervisionInterval.toSeconds());
    expect(supervisionBudget.toSeconds()).toBeLessThan(sweep?.Properties.Timeout as number);
  });

  it('lets the sweep function read and write the table (the supervision index, disputes, counters, outbox)', () => {
    const statements = statementsOfRole(logicalId(stack.schedules.sweepFunction.role));
    const tableArn = { 'Fn::GetAtt': [logicalId(stack.storage.table), 'Arn'] };
    const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(tableArn)));
    const actions = onTable.flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:ConditionCheckItem']),
    );
    expect(actions.some((a) => /^dynamodb:(PutItem|\*)$/.test(a))).toBe(true);
  });
});

describe('Monitoring', () => {
  it('alarms on a message in every dead-letter queue', () => {
    const queueIdOf = (arn: unknown) => (arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const deadLetterQueueIds = new Set<string>([
      ...Object.values(resourcesOfType('AWS::SQS::Queue')).flatMap((queue) => {
        const redrive = queue.Properties.RedrivePolicy as { deadLetterTargetArn: unknown } | undefined;
        return redrive ? [queueIdOf(redrive.deadLetterTargetArn)] : [];
      }),
      ...Object.values(resourcesOfType('AWS::Lambda::EventSourceMapping')).flatMap((mapping) => {
        const destination = mapping.Properties.DestinationConfig as
          | { OnFailure: { Destination: unknown } }
          | undefined;
        return destination ? [queueIdOf(destination.OnFailure.Destination)] : [];
      }),
      ...Object.values(resourcesOfType('AWS::Scheduler::Schedule')).flatMap((schedule) => {
        const target = schedule.Properties.Target as { DeadLetterConfig?: { Arn: unknown } };
        return target.DeadLetterConfig ? [queueIdOf(target.DeadLetterConfig.Arn)] : [];
      }),
    ]);
    expect(deadLetterQueueIds.size).toBe(4);
    for (const queueId of deadLetterQueueIds) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [{ Ref: logicalId(stack.monitoring.alarmTopic) }],
      });
    }
  });

  it('alarms on errors of every function', () => {
    for (const functionId of Object.keys(resourcesOfType('AWS::Lambda::Function'))) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
        Threshold: 0,
      });
    }
  });

  it('alarms on the age of the oldest ingest message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.ingestion.queue), 'QueueName'] } },
      ],
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged errors or warnings', () => {
    expect(nagReport, 'the AwsSolutions plugin ran during synth').toBeDefined();
    const findings = nagReport.violations.flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.ruleName} at ${resource.constructPath}: ${violation.description}`,
      ),
    );
    expect(findings).toEqual([]);
  });

  it('acknowledges only the reviewed findings, each with a reason', () => {
    const suppressed = nagReport.suppressedViolations ?? [];
    for (const finding of suppressed) expect(finding.reason.length, finding.ruleName).toBeGreaterThan(40);
    const byRule = suppressed
      .flatMap((finding) => finding.violatingConstructs.map((c) => `${finding.ruleName} ${c.constructPath}`))
      .sort();
    expect(byRule).toEqual(
      [
        'AwsSolutions-APIG4 QiaoHub/Api/HttpApi/DefaultRoute/Resource',
        'AwsSolutions-IAM5[Resource::*] QiaoHub/Api/ApiFunction/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::*] QiaoHub/Events/PublishFunction/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::*] QiaoHub/Ingestion/IngestFunction/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::*] QiaoHub/Schedules/SweepFunction/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::*] QiaoHub/Delivery/DeliverFunction/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/qiao-events/qiao-sub-*] QiaoHub/Api/ApiFunction/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/qiao-events/qiao-sub-*] QiaoHub/Delivery/DeliverFunction/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:qiao-subscriber-*] QiaoHub/Delivery/DeliverFunction/Role/DefaultPolicy/Resource',
        'AwsSolutions-SMG4 QiaoHub/Storage/BlindIndexKey/Resource',
        'AwsSolutions-SQS3 QiaoHub/Events/PublishFailures/Resource',
        'AwsSolutions-SQS3 QiaoHub/Schedules/DeadLetterQueue/Resource',
      ].sort(),
    );
  });

  it('allows "*" only for actions without resource-level permissions', () => {
    const resourceless = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'dynamodb:ListStreams',
    ]);
    const policies = Object.values(resourcesOfType('AWS::IAM::Policy'));
    for (const policy of policies) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        if (statement.Resource === '*') {
          for (const action of actionsOf(statement)) expect(resourceless, action).toContain(action);
        }
      }
    }
  });
});
