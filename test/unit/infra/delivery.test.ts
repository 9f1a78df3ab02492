// Intent of the Delivery construct: the FIFO delivery queue rules target, its dead-letter queue, the deliver
// function, the retry schedule, least-privilege grants for subscription rules, and a clean cdk-nag report.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Delivery } from '../../../infra/constructs/delivery.js';
import { Events } from '../../../infra/constructs/events.js';
import { HubFunction } from '../../../infra/constructs/hub-function.js';
import { Storage } from '../../../infra/constructs/storage.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
};
interface PluginReport {
  pluginName: string;
  violations: { ruleName: string; violatingResources: { constructPath: string }[] }[];
  suppressedViolations?: {
    ruleName: string;
    reason: string;
    violatingConstructs: { constructPath: string }[];
  }[];
}

let outdir: string;
let stack: Stack;
let delivery: Delivery;
let api: HubFunction;
let template: Template;
let nag: PluginReport;

const logicalId = (construct: IConstruct) => {
  const resource = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  return stack.resolve(stack.getLogicalId(resource as CfnResource)) as string;
};
const resources = (type: string) => template.findResources(type) as Record<string, Resource>;
const statementsOf = (role: IConstruct): Statement[] =>
  Object.values(resources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: logicalId(role) }]))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const ruleArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':events:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':rule/qiao-events/qiao-sub-*',
    ],
  ],
};

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'qiao-delivery-cdk-'));
  const cdkJson = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8'));
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: false,
      // Bundling is the hub stack test's business; this one asserts resources and grants, fast.
      'aws:cdk:bundling-stacks': [],
    },
  });
  stack = new Stack(app, 'DeliveryTest');
  const storage = new Storage(stack, 'Storage');
  const events = new Events(stack, 'Events', { storage, busName: 'qiao-events' });
  delivery = new Delivery(stack, 'Delivery', {
    storage,
    events,
    webhookAllowlist: ['10.8.0.0/16', 'hooks.internal'],
  });
  api = new HubFunction(stack, 'Api', { name: 'api', description: 'stand-in for the api function' });
  delivery.grantManageSubscriptions(api);
  delivery.alarmOnBacklog(new Topic(stack, 'Alarms', { enforceSSL: true }));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  nag = report.pluginReports.find((r: PluginReport) => r.pluginName === 'AwsSolutions');
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Delivery', () => {
  it('makes the delivery queue FIFO, encrypted, de-duplicating, and redriving to a FIFO dead-letter queue', () => {
    const queue = resources('AWS::SQS::Queue')[logicalId(delivery.queue)]!.Properties;
    const dlq = resources('AWS::SQS::Queue')[logicalId(delivery.deadLetterQueue)]!.Properties;
    expect(queue).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: true,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(delivery.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    expect(dlq).toMatchObject({
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const fn = resources('AWS::Lambda::Function')[logicalId(delivery.deliverFunction.function)]!.Properties;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (fn.Timeout as number));
  });

  it('lets only the hub’s subscription rules send to the delivery queue, over TLS', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(delivery.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [logicalId(delivery.queue), 'Arn'] },
            Condition: { ArnLike: { 'aws:SourceArn': ruleArn } },
          },
        ]),
      },
    });
  });

  it('feeds the deliver function from the delivery queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(delivery.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(delivery.deliverFunction.function) },
      BatchSize: 10,
    });
  });

  it('wakes due retries every minute by invoking the deliver function with {"wake":"due"}', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalId(delivery.deliverFunction.function), 'Arn'] },
        Input: JSON.stringify({ wake: 'due' }),
      }),
    });
  });

  it('lets the subscription API manage only prefixed rules on the hub bus, and never put events', () => {
    const statements = statementsOf(api.role);
    const eventStatements = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('events:')));
    expect(eventStatements).toHaveLength(1);
    expect(eventStatements[0]).toMatchObject({ Effect: 'Allow', Resource: ruleArn });
    expect(actionsOf(eventStatements[0]!).sort()).toEqual([
      'events:DeleteRule',
      'events:PutRule',
      'events:PutTargets',
      'events:RemoveTargets',
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [logicalId(delivery.queue), 'Arn'] },
      }),
    );
  });

  it('lets the deliver function send only to subscriber queues with the agreed prefix', () => {
    const sends = statementsOf(delivery.deliverFunction.role).filter((s) =>
      actionsOf(s).includes('sqs:SendMessage'),
    );
    expect(sends.map((s) => s.Resource)).toContainEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':sqs:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':qiao-subscriber-*',
        ],
      ],
    });
  });

  it('gives the api and deliver functions the rule settings and the webhook allow-list', () => {
    for (const fn of [api, delivery.deliverFunction]) {
      const env = (
        resources('AWS::Lambda::Function')[logicalId(fn.function)]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(env).toMatchObject({
        QIAO_SUBSCRIPTION_BUS_NAME: 'qiao-events',
        QIAO_SUBSCRIPTION_RULE_PREFIX: 'qiao-sub-',
        QIAO_DELIVERY_QUEUE_ARN: { 'Fn::GetAtt': [logicalId(delivery.queue), 'Arn'] },
        QIAO_DELIVERY_QUEUE_URL: { Ref: logicalId(delivery.queue) },
        QIAO_WEBHOOK_ALLOWLIST: '10.8.0.0/16,hooks.internal',
      });
    }
  });

  it('alarms when delivery wake-ups wait longer than ten minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(delivery.queue), 'QueueName'] } }],
      Threshold: 600,
    });
  });

  it('passes cdk-nag AwsSolutions with only reasoned acknowledgements', () => {
    const findings = nag.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`),
    );
    expect(findings).toEqual([]);
    const suppressed = nag.suppressedViolations ?? [];
    for (const finding of suppressed) expect(finding.reason.length, finding.ruleName).toBeGreaterThan(40);
    const byConstruct = suppressed
      .flatMap((f) => f.violatingConstructs.map((c) => `${f.ruleName} ${c.constructPath}`))
      .filter((f) => / DeliveryTest\/(Delivery|Api)\//.test(f))
      .sort();
    const rules = 'arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/qiao-events/qiao-sub-*';
    const queues = 'arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:qiao-subscriber-*';
    expect(byConstruct).toEqual(
      [
        'AwsSolutions-IAM5[Resource::*] DeliveryTest/Api/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::*] DeliveryTest/Delivery/DeliverFunction/Role/DefaultPolicy/Resource',
        `AwsSolutions-IAM5[Resource::${rules}] DeliveryTest/Api/Role/DefaultPolicy/Resource`,
        `AwsSolutions-IAM5[Resource::${rules}] DeliveryTest/Delivery/DeliverFunction/Role/DefaultPolicy/Resource`,
        `AwsSolutions-IAM5[Resource::${queues}] DeliveryTest/Delivery/DeliverFunction/Role/DefaultPolicy/Resource`,
      ].sort(),
    );
  });
});
