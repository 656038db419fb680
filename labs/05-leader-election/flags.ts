import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { InvalidConfigError, parseDuration } from '../04-reconcile/index.js';
import type { LeaderElectionTimings } from './config.js';

const serviceAccountNamespace = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The Lease to campaign for: in the pod's own namespace when in a cluster, else `default`. */
export function defaultLease() {
  return {
    namespace: process.env.POD_NAMESPACE ?? (existsSync(serviceAccountNamespace) ? readFileSync(serviceAccountNamespace, 'utf8').trim() : 'default'),
    name: 'mirror-controller',
    // client-go's convention: the host (pod) name plus something unique, so a restarted pod is a new candidate.
    identity: `${hostname()}_${randomUUID().slice(0, 8)}`,
  };
}

/**
 * Takes the flags named in `known` (flag → key) out of argv into `values`;
 * returns the rest, for the next parser (the controller's own flags).
 */
export function takeFlags<K extends string>(argv: string[], known: Record<string, K>, values: Record<K, string>): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = known[flag];
    if (!key) {
      rest.push(argv[i]!);
      continue;
    }
    const value = inline ?? argv[++i];
    if (!value) throw new InvalidConfigError(`${flag} needs a value`);
    values[key] = value;
  }
  return rest;
}

export const leaseFlagNames = { '--lease-namespace': 'namespace', '--lease-name': 'name', '--identity': 'identity' } as const;

/** The lease timings as flags, in Go's duration syntax like every controller-runtime manager: `--lease-duration 15s`. */
export const leaseTimingFlagNames = { '--lease-duration': 'leaseDurationMs', '--renew-deadline': 'renewDeadlineMs', '--retry-period': 'retryPeriodMs' } as const;

/**
 * Takes `--lease-duration 15s --renew-deadline 10s --retry-period 2s` out of
 * argv; returns the timings given (a bare number such as `15` is refused: 15
 * what?) and the rest of argv. Whether they fit together, the elector checks.
 */
export function takeLeaseTimings(argv: string[]): { timings: Partial<LeaderElectionTimings>; rest: string[] } {
  const text: Partial<Record<keyof LeaderElectionTimings, string>> = {};
  const rest = takeFlags(argv, leaseTimingFlagNames, text as Record<keyof LeaderElectionTimings, string>);
  const timings: Partial<LeaderElectionTimings> = {};
  for (const [flag, key] of Object.entries(leaseTimingFlagNames)) {
    const value = text[key];
    if (value !== undefined) timings[key] = parseDuration(value, flag);
  }
  return { timings, rest };
}

/** The leader election flags, for a main's --help (after stage 4's mirrorFlagsHelp). */
export const leaseFlagsHelp = `  --lease-namespace <ns>  where the Lease lives (default: the pod's namespace, else default)
  --lease-name <name>     the Lease (default mirror-controller)
  --identity <id>         this candidate, unique per process (default: the host name and a random suffix)
  --lease-duration <d>    how long followers wait before taking a Lease nobody renews, in Go's syntax (default 15s)
  --renew-deadline <d>    how long the leader tries to renew before it gives up leading (default 10s)
  --retry-period <d>      how often the leader renews, and followers try (default 2s)`;
