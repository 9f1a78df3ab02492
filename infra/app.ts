// The CDK app: the Qiao hub stack, checked by cdk-nag's AWS Solutions pack on every synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HubStack } from './hub-stack.js';

const app = new App();

new HubStack(app, 'QiaoHub', {
  description: 'Qiao (桥): serverless data-integration hub for grassroots social governance',
  // Environment-agnostic unless the CLI knows the target account and region.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

// cdk-nag 3 runs as a policy-validation plugin: findings fail the synth unless acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
