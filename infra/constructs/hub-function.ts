// The one Lambda function construct of the hub: every default (runtime, architecture, bundling, logs) lives here.
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The Lambda entries in `functions/handlers/`; each file exports `handler`. */
export type HubFunctionName = 'api' | 'ingest' | 'publish' | 'deliver' | 'sweep';

export interface HubFunctionProps {
  /** Which entry in `functions/handlers/<name>.ts` to bundle. */
  readonly name: HubFunctionName;
  readonly description: string;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** @default 1024 MB */
  readonly memorySize?: number;
  /** Passed through to the function; unset by default so a fresh account's concurrency floor is not hit. */
  readonly reservedConcurrentExecutions?: number;
  /** Extra environment on top of the defaults; prefer the constructs' bind/grant methods. */
  readonly environment?: Record<string, string>;
}

/** Repository root, so entries and the lock file resolve the same from `cdk synth` and from vitest. */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Loads `require` inside the ESM bundle so CommonJS dependencies that call `require('node:…')` keep working.
 * @see https://github.com/evanw/esbuild/issues/1921
 */
const esmRequireBanner =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** A hub Lambda: nodejs24.x on ARM64, bundled locally by esbuild to ESM, with its own log group and role. */
export class HubFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      // Six months: the PRC Cybersecurity Law (art. 21) requires network logs kept at least six months.
      retention: RetentionDays.SIX_MONTHS,
      // Logs are operational data, not the record of truth; they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy: logs go to this log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Qiao ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}functions/handlers/${props.name}.ts`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      description: props.description,
      // The newest Node.js runtime Lambda offers; it ships AWS SDK v3, so the SDK stays out of the bundle.
      runtime: Runtime.NODEJS_24_X,
      // Graviton: cheaper per GB-second and as fast for this JSON-heavy workload.
      architecture: Architecture.ARM_64,
      // Schema compilation at cold start is CPU-bound, and Lambda CPU scales with memory.
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      // JSON platform logs, and Powertools Logger honours the same level through AWS_LAMBDA_LOG_LEVEL.
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      // X-Ray traces through API Gateway, SQS, DynamoDB and EventBridge calls.
      tracing: Tracing.ACTIVE,
      environment: {
        QIAO_RUNTIME: 'aws',
        POWERTOOLS_SERVICE_NAME: `qiao-${props.name}`,
        // Stack traces through the bundle's source maps point at the TypeScript sources.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        // Local esbuild only: there is no Docker engine on build machines.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        // Prefer ESM builds of dependencies so tree-shaking works.
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        // nodejs24.x provides AWS SDK v3; bundling our own copy only adds cold-start time.
        externalModules: ['@aws-sdk/*'],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
      },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only actions without resource-level permissions use "*": xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) and, for the stream consumer, dynamodb:ListStreams. Every other statement names its resource.',
    });
  }
}
