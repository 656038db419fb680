/** What the mirror controller needs to know to start; checked before anything talks to the cluster. */
export interface MirrorConfig {
  /** Namespaces whose names start with this receive mirrors. */
  prefix: string;
  /** Keys reconciled in parallel (never the same key twice at once). */
  workers: number;
  /** How often every cached object is re-delivered to the handlers (0: never). */
  resyncPeriodMs: number;
  /**
   * Which controller instance owns a mirror: written on every mirror (the
   * instanceLabel), and a controller reads, updates and deletes only mirrors
   * with its own instance. Default: the prefix without its trailing '-'
   * (`team-` → `team`), so controllers with different prefixes never touch
   * each other's mirrors. Set it yourself before changing a running
   * controller's prefix, or the old prefix's mirrors are left to nobody.
   */
  instance: string;
}

import { existsSync, readFileSync } from 'node:fs';
import { InvalidConfigError } from '../00-common/config-error.js';
import { flagsHelp, parseFlags, type FlagValues, type Flags } from '../00-common/flags.js';
import { validatePrefix, type PrefixCheck } from '../00-common/namespace-prefix.js';

export { InvalidConfigError };

export const defaults = { workers: 2, resyncPeriodMs: 10 * 60_000 } as const;

/** The instance is a label value: up to 63 characters, alphanumerics, '-', '_' or '.', beginning and ending with an alphanumeric. */
const labelValuePattern = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** The instance a controller with this prefix is, unless told otherwise: `team-` → `team`. */
export function defaultInstance(prefix: string): string {
  return prefix.replace(/-+$/, '');
}

/** The controller's flags (each main adds its own), with their --help lines. */
export const mirrorFlags = {
  prefix: { type: 'string', value: '<p>', help: 'namespaces whose names start with <p> receive mirrors (required)' },
  instance: { type: 'string', value: '<name>', help: "the owner written on every mirror; each controller touches only its own (default: the prefix without its trailing '-')" },
  workers: { type: 'integer', help: `keys reconciled in parallel (default ${defaults.workers})` },
  resync: { type: 'duration', help: 'how often every object is looked at again, in Go\'s syntax: 10m, 90s, 0 for never (default 10m)' },
} as const satisfies Flags;

/** The controller's flags, for a main's usage line and --help. */
export const mirrorFlagsHelp = flagsHelp(mirrorFlags);

const serviceAccountNamespaceFile = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The namespace this process runs in as a pod (POD_NAMESPACE, else its ServiceAccount's), or undefined outside a cluster. */
export function podNamespace(): string | undefined {
  if (process.env.POD_NAMESPACE) return process.env.POD_NAMESPACE;
  return existsSync(serviceAccountNamespaceFile) ? readFileSync(serviceAccountNamespaceFile, 'utf8').trim() || undefined : undefined;
}

/**
 * The controller's own namespace holds the parameter that confines its writes
 * (stage 6's prefix policy reads the prefix from a ConfigMap there, and lets
 * everything through when it is missing). A prefix that matches that namespace
 * would let the controller change or delete its own parameter, and so lift
 * its own confinement: refused, at start and by `npm run deploy`.
 */
export function sparesOwnNamespace(ownNamespace: string | undefined): PrefixCheck {
  return (prefix) =>
    ownNamespace && ownNamespace.startsWith(prefix)
      ? `prefix "${prefix}" matches the controller's own namespace ${ownNamespace}, where the parameter confining its writes lives; choose a prefix that ${ownNamespace} does not start with (e.g. team-)`
      : undefined;
}

/** `ownNamespace`: the namespace the controller runs in, which its prefix must not match (podNamespace() by default in mirrorConfigFrom). */
export function validateConfig(input: { prefix?: string; workers?: number; resyncPeriodMs?: number; instance?: string; ownNamespace?: string }): MirrorConfig {
  const prefix = validatePrefix(input.prefix ?? '', [sparesOwnNamespace(input.ownNamespace)]);
  const workers = input.workers ?? defaults.workers;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new InvalidConfigError(`workers must be a whole number from 1 to 64, not ${input.workers}`);
  const resyncPeriodMs = input.resyncPeriodMs ?? defaults.resyncPeriodMs;
  if (!Number.isFinite(resyncPeriodMs) || resyncPeriodMs < 0) throw new InvalidConfigError(`resync period must be 0 or more milliseconds, not ${input.resyncPeriodMs}`);
  const instance = input.instance ?? defaultInstance(prefix);
  if (!labelValuePattern.test(instance)) {
    throw new InvalidConfigError(`instance "${instance}" cannot be a label value: up to 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit`);
  }
  return { prefix, workers, resyncPeriodMs, instance };
}

/** The mirror flags as read by parseFlags (with any others of a main's) → a validated MirrorConfig. */
export function mirrorConfigFrom(values: FlagValues<typeof mirrorFlags>, ownNamespace = podNamespace()): MirrorConfig {
  const { prefix, instance, workers, resync } = values;
  return validateConfig({ prefix, instance, workers, resyncPeriodMs: resync, ownNamespace });
}

/** `--prefix team- --workers 4 --resync 10m [--instance team]` → a validated MirrorConfig. */
export function parseMirrorFlags(argv: string[]): MirrorConfig {
  return mirrorConfigFrom(parseFlags(mirrorFlags, argv).values);
}
