/**
 * HTTP errors as RFC 9457 problem details (`application/problem+json`): a machine-readable `code`, a message that
 * says what went wrong and how to fix it, and the failing field paths.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export interface ProblemField {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: ProblemField[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const problems = {
  badRequest: (code: string, message: string, errors?: ProblemField[]) =>
    new ProblemError(400, code, message, errors),
  unauthorized: (message: string) =>
    new ProblemError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer realm="qiao"' }),
  forbidden: (message: string) => new ProblemError(403, 'forbidden', message),
  notFound: (code: string, message: string) => new ProblemError(404, code, message),
  unsupportedMediaType: (message: string) => new ProblemError(415, 'unsupported-media-type', message),
  tooLarge: (message: string) => new ProblemError(413, 'payload-too-large', message),
};

export function problemBody(status: number, code: string, message: string, errors?: ProblemField[]) {
  return {
    type: `https://qiao.dev/problems/${code}`,
    title: code.replace(/-/g, ' '),
    status,
    code,
    detail: message,
    ...(errors?.length ? { errors } : {}),
  };
}
