/**
 * What a schema's parse failure says, as text: the one formatter behind every `detail` of an 'invalid-payload' answer
 * and every "config is invalid" message. It takes any zod error (only its issues are read).
 */
export interface IssueList {
  readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
}

/**
 * One "path: message" line per issue. `root` names the value itself when an issue has no path ("body", "query");
 * without it such an issue reads ": message". With `root: null` the lines are the messages alone.
 */
export function issueLines(error: IssueList, root?: string | null): string[] {
  if (root === null) return error.issues.map((i) => i.message);
  return error.issues.map((i) => `${i.path.map(String).join('.') || (root ?? '')}: ${i.message}`);
}

/** The issues on one line, "a.b: message; c: message", as the reply envelope's `detail`. */
export const formatIssues = (error: IssueList, root?: string | null): string => issueLines(error, root).join('; ');
