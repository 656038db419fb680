import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { flagsHelp, type FlagValues, type Flags } from '../00-common/flags.js';
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

/** Which Lease, and who campaigns for it. */
export const leaseFlags = {
  'lease-namespace': { type: 'string', value: '<ns>', help: "where the Lease lives (default: the pod's namespace, else default)" },
  'lease-name': { type: 'string', value: '<name>', help: 'the Lease (default mirror-controller)' },
  identity: { type: 'string', value: '<id>', help: 'this candidate, unique per process (default: the host name and a random suffix)' },
} as const satisfies Flags;

/**
 * The lease timings, in Go's duration syntax like every controller-runtime
 * manager: `--lease-duration 15s` (a bare `15` is refused: 15 what?). Whether
 * they fit together, the elector checks.
 */
export const leaseTimingFlags = {
  'lease-duration': { type: 'duration', help: "how long followers wait before taking a Lease nobody renews, in Go's syntax (default 15s)" },
  'renew-deadline': { type: 'duration', help: 'how long the leader tries to renew before it gives up leading (default 10s)' },
  'retry-period': { type: 'duration', help: 'how often the leader renews, and followers try (default 2s)' },
} as const satisfies Flags;

/** The leader election flags, for a main's --help (after stage 4's mirrorFlagsHelp). */
export const leaseFlagsHelp = flagsHelp({ ...leaseFlags, ...leaseTimingFlags });

/** The Lease the flags name; what they leave out comes from `defaults` (defaultLease()). */
export function leaseFrom(values: FlagValues<typeof leaseFlags>, defaults = defaultLease()) {
  return {
    namespace: values['lease-namespace'] ?? defaults.namespace,
    name: values['lease-name'] ?? defaults.name,
    identity: values.identity ?? defaults.identity,
  };
}

/** The timings the flags give, in milliseconds; those not given are left out (the defaults apply). */
export function leaseTimingsFrom(values: FlagValues<typeof leaseTimingFlags>): Partial<LeaderElectionTimings> {
  const timings: Partial<LeaderElectionTimings> = {};
  if (values['lease-duration'] !== undefined) timings.leaseDurationMs = values['lease-duration'];
  if (values['renew-deadline'] !== undefined) timings.renewDeadlineMs = values['renew-deadline'];
  if (values['retry-period'] !== undefined) timings.retryPeriodMs = values['retry-period'];
  return timings;
}
