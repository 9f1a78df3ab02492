/** The one place HTTP statuses are decided for errors: a table from error class to status and problem code. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { InvalidMappingError } from '../../../adapters/engine/declarative-adapter.js';
import { UnknownAdapterVersionError, UnknownSourceError } from '../../../adapters/registry.js';
import {
  InvalidSubscriptionError,
  UnknownSubscriptionError,
  UnsupportedTargetError,
} from '../../events/subscriptions.js';
import { StewardError } from '../../resolution/steward-operations.js';
import {
  InvalidSourceSchemaError,
  SourceExistsError,
  SourceNotRegisteredError,
} from '../../sources/source-admin.js';
import { InvalidCursorError } from '../../store/record-repository.js';
import { ConcurrentChangeError } from '../../store/unit-of-work.js';
import { ProblemError, problemBody } from '../problem.js';

type Mapping = [new (...args: never[]) => Error, number, string];

const mappings: Mapping[] = [
  [UnknownSourceError, 404, 'unknown-source'],
  [UnknownAdapterVersionError, 404, 'unknown-adapter-version'],
  [SourceExistsError, 409, 'source-exists'],
  [SourceNotRegisteredError, 400, 'source-not-registered'],
  [InvalidSourceSchemaError, 400, 'invalid-source-schema'],
  [InvalidCursorError, 400, 'invalid-cursor'],
  [UnknownSubscriptionError, 404, 'unknown-subscription'],
  [UnsupportedTargetError, 400, 'unsupported-target'],
  [ConcurrentChangeError, 409, 'concurrent-change'],
];

export function handleError(error: Error, c: Context): Response {
  if (error instanceof ProblemError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return problem(c, error.status, error.code, error.message, error.errors);
  }
  if (error instanceof InvalidMappingError) {
    return problem(c, 400, 'invalid-mapping', error.message, [
      {
        path: 'mapping',
        message: `${error.code} at position ${error.position ?? '?'}${error.token ? ` near "${error.token}"` : ''}`,
      },
    ]);
  }
  if (error instanceof StewardError) {
    const status = {
      'unknown-review': 404,
      'unknown-entity': 404,
      'review-decided': 409,
      'kept-apart': 409,
      'invalid-split': 400,
    }[error.code];
    return problem(
      c,
      status,
      error.code,
      error.message,
      error.field ? [{ path: error.field, message: error.message }] : undefined,
    );
  }
  if (error instanceof InvalidSubscriptionError) {
    return problem(c, 400, 'invalid-subscription', error.message, error.fields);
  }
  for (const [type, status, code] of mappings) {
    if (error instanceof type) return problem(c, status, code, error.message);
  }
  console.error('unhandled error', error);
  return problem(c, 500, 'internal-error', 'the hub failed to handle this request; it has been logged');
}

export function problem(c: Context, status: number, code: string, message: string, errors?: ProblemField[]) {
  c.header('Content-Type', 'application/problem+json');
  return c.body(JSON.stringify(problemBody(status, code, message, errors)), status as ContentfulStatusCode);
}

type ProblemField = { path: string; message: string };
