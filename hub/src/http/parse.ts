import { formatIssues, type IssueList, type ReasonCode } from '@onestop/shared';
import type { z } from 'zod';
import { ServiceError } from './errors.js';

/**
 * Parses a request's body or query with its schema, or refuses it: a ServiceError with 'invalid-payload' (or the
 * reason `reasonOf` picks from the issues, e.g. 'weak-password') and the issues as `detail`. `root` names the value
 * itself in the detail ("body", "query"); see formatIssues.
 */
export function parseOr<S extends z.ZodType>(schema: S, input: unknown, root?: string | null, reasonOf?: (error: IssueList) => ReasonCode): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ServiceError(reasonOf?.(r.error) ?? 'invalid-payload', formatIssues(r.error, root));
}

/** A reasonOf for parseOr: `reason` when an issue is about one of `fields`, else 'invalid-payload'. */
export const reasonWhen =
  (reason: ReasonCode, ...fields: string[]) =>
  (error: IssueList): ReasonCode =>
    error.issues.some((i) => fields.includes(String(i.path[0]))) ? reason : 'invalid-payload';
