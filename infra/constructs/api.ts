// The public HTTPS entry: an HTTP API (API Gateway v2) proxying every route to the api function (the hono app).
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HubFunction } from './hub-function.js';
import type { Ingestion } from './ingestion.js';
import type { Storage } from './storage.js';

export interface ApiProps {
  readonly storage: Storage;
  readonly ingestion: Ingestion;
}

/** One JSON line per request; HTTP API `$context` variables. */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  lambdaRequestId: '$context.integration.requestId',
};

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly apiFunction: HubFunction;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.apiFunction = new HubFunction(this, 'ApiFunction', {
      name: 'api',
      description: 'Qiao HTTP API: the hono app (ingest, query, steward, subscriptions, console)',
      // Just under the HTTP API's 30-second integration limit, so the function times out before the gateway does.
      timeout: Duration.seconds(29),
    });
    props.storage.grantReadWriteData(this.apiFunction);
    props.storage.grantBlindIndexKeyRead(this.apiFunction);
    props.ingestion.grantSendMessages(this.apiFunction);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Qiao hub API',
      // Every path goes to the hono app, which owns routing, API-key auth and the OpenAPI document.
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.apiFunction.function),
      // The stage is declared below with access logs and throttling.
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      // Same six months as the function logs (PRC Cybersecurity Law art. 21).
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
      // Sources push in batches; this bounds a runaway client well below the account limit and DynamoDB cost.
      throttle: { rateLimit: 100, burstLimit: 200 },
    });

    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'Authorization is by hub API key with scopes (admin, source:<id>, steward, subscriber, reader), checked by the auth middleware of the hono app against hashed keys in DynamoDB. HTTP APIs have no API-key authorizer, and a Lambda authorizer would repeat the same lookup; the $default route is public by design and every request is authenticated in the app.',
    });
  }

  /** The base URL sources and dashboards call. */
  get url(): string {
    return this.stage.url;
  }
}
