import type * as z from 'zod/mini';
import { type ErrorDetail, ValidationError } from './errors';

// Turning schema failures into the API's 400 details. Only zod's types are imported here, so a
// route that parses no body or query (GET /todos/{id}) bundles no zod at all.

/** zod/mini ships no message locale (it keeps bundles small), so issues are worded here. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `Expected ${issue.expected}.`;
    case 'too_small':
      return issue.origin === 'string'
        ? `Must be at least ${issue.minimum} character${Number(issue.minimum) === 1 ? '' : 's'}.`
        : `Must be at least ${issue.minimum}.`;
    case 'too_big':
      return issue.origin === 'string'
        ? `Must be at most ${issue.maximum} characters.`
        : `Must be at most ${issue.maximum}.`;
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}.`;
    case 'invalid_value':
      return `Must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_format':
      return issue.message !== 'Invalid input' ? issue.message : `Invalid format.`;
    default:
      return issue.message;
  }
}

export function toDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: describeIssue(issue) }));
}

/** Parse `input` with `schema`, or throw a ValidationError that names every bad field. */
export function parseWith<S extends z.ZodMiniType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`Invalid ${what}.`, toDetails(result.error.issues));
  }
  return result.data;
}
