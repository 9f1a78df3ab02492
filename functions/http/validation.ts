/** zod validation of HTTP bodies and query strings, failing with problem details that name each field. */
import type { z } from 'zod';
import { problems } from './problem.js';

function fieldErrors(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

export function parseJson<T extends z.ZodType>(
  schema: T,
  text: string,
  options: { allowEmpty?: boolean } = {},
): z.infer<T> {
  let value: unknown = {};
  if (text.trim() || !options.allowEmpty) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw problems.badRequest('malformed-json', `the body is not valid JSON: ${(error as Error).message}`);
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = fieldErrors(result.error);
    throw problems.badRequest(
      'invalid-body',
      `the body is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return result.data;
}

export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const errors = fieldErrors(result.error);
    throw problems.badRequest(
      'invalid-query',
      `the query is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return result.data;
}
