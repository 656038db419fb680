import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { InvalidConfigError } from '../04-reconcile/index.js';

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
