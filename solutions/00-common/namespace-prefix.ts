/**
 * The one rule for a namespace prefix (`--prefix team-`: namespaces whose names
 * start with it receive mirrors), for the controller's config and for
 * `npm run deploy` alike. Each check answers the sentence that says what is
 * wrong, or nothing: a rule only one side knows (the namespace the controller
 * itself runs in must not match) is one more check, passed in.
 */
import { InvalidConfigError } from './config-error.js';

export type PrefixCheck = (prefix: string) => string | undefined;

/** A namespace name is a DNS-1123 label, at most 63 characters; a prefix is the start of one, with room for one more. */
export const prefixChecks: readonly PrefixCheck[] = [
  (prefix) => (prefix ? undefined : 'a namespace prefix is required (e.g. --prefix team-)'),
  (prefix) => (prefix.length > 62 ? `prefix "${prefix}" is longer than 62 characters: no namespace name could start with it` : undefined),
  (prefix) => (/^[a-z0-9][a-z0-9-]*$/.test(prefix) ? undefined : `prefix "${prefix}" cannot start a namespace name: use lowercase letters, digits and '-', beginning with a letter or digit`),
];

/** The first thing wrong with `prefix`, by the common checks and then `more`; undefined for a good prefix. */
export function prefixProblem(prefix: string, more: readonly PrefixCheck[] = []): string | undefined {
  for (const check of [...prefixChecks, ...more]) {
    const problem = check(prefix);
    if (problem) return problem;
  }
  return undefined;
}

/** `prefix` when it is a good one; else an InvalidConfigError saying what is wrong. */
export function validatePrefix(prefix: string, more: readonly PrefixCheck[] = []): string {
  const problem = prefixProblem(prefix, more);
  if (problem) throw new InvalidConfigError(problem);
  return prefix;
}
