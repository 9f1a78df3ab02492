// The api Lambda: API Gateway HTTP API → the hono app.
import { handle } from 'hono/aws-lambda';
import { rateLimitOf, readAwsConfig } from '../config.js';
import { createApp } from '../http/app.js';
import { awsDeps } from '../runtime/aws/deps.js';

export const handler = handle(createApp(await awsDeps(), { rateLimit: rateLimitOf(readAwsConfig()) }));
