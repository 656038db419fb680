/** What the mirror controller needs to know to start; checked before anything talks to the cluster. */
export interface MirrorConfig {
  /** Namespaces whose names start with this receive mirrors. */
  prefix: string;
  /** Keys reconciled in parallel (never the same key twice at once). */
  workers: number;
  /** How often every cached object is re-delivered to the handlers (0: never). */
  resyncPeriodMs: number;
}

import { InvalidConfigError } from './config-error.js';
import { parseDuration } from './duration.js';

export { InvalidConfigError };

export const defaults = { workers: 2, resyncPeriodMs: 10 * 60_000 } as const;

/** A namespace name is a DNS-1123 label; a prefix is the start of one: lowercase alphanumerics and '-', not starting with '-'. */
const prefixPattern = /^[a-z0-9][a-z0-9-]*$/;

export function validateConfig(input: { prefix?: string; workers?: number; resyncPeriodMs?: number }): MirrorConfig {
  const prefix = input.prefix ?? '';
  if (!prefix) throw new InvalidConfigError('a namespace prefix is required (e.g. --prefix team-)');
  if (prefix.length > 62) throw new InvalidConfigError(`prefix "${prefix}" is longer than 62 characters: no namespace name could start with it`);
  if (!prefixPattern.test(prefix)) {
    throw new InvalidConfigError(`prefix "${prefix}" cannot start a namespace name: use lowercase letters, digits and '-', beginning with a letter or digit`);
  }
  const workers = input.workers ?? defaults.workers;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new InvalidConfigError(`workers must be a whole number from 1 to 64, not ${input.workers}`);
  const resyncPeriodMs = input.resyncPeriodMs ?? defaults.resyncPeriodMs;
  if (!Number.isFinite(resyncPeriodMs) || resyncPeriodMs < 0) throw new InvalidConfigError(`resync period must be 0 or more milliseconds, not ${input.resyncPeriodMs}`);
  return { prefix, workers, resyncPeriodMs };
}

/** `--prefix team- --workers 4 --resync 10m` → a validated MirrorConfig. */
export function parseArgs(argv: string[]): MirrorConfig {
  const values: { prefix?: string; workers?: number; resyncPeriodMs?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new InvalidConfigError(`${flag} needs a value`);
    if (flag === '--prefix') values.prefix = value;
    else if (flag === '--workers') values.workers = Number(value);
    else if (flag === '--resync') values.resyncPeriodMs = parseDuration(value, '--resync');
    else throw new InvalidConfigError(`unknown flag ${flag}`);
  }
  return validateConfig(values);
}
