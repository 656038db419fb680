import { CoordinationV1Api, type V1Lease } from '@kubernetes/client-node';
import { onTestFinished } from 'vitest';
import { LeaderElector, LeaseLock, type LeaderElectionConfig } from '@stage/05-leader-election/index.js';
import { startProxy, type ApiProxy } from '../harness/api-proxy.js';
import { adminKubeConfig, readOrAbsent } from '../harness/cluster.js';

/** When a candidate led, on this process's clock (both ends, so overlaps can be checked). */
export interface Term {
  identity: string;
  from: number;
  to?: number;
}

/** Fast timings for tests: the ratios client-go requires (15/10/2 s scaled down). */
export const fast = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 250 } as const;

/** A candidate with its own proxy (so its network can be cut alone), recording its terms as leader. */
export async function candidate(namespace: string, identity: string, terms: Term[], overrides: Partial<LeaderElectionConfig> = {}) {
  const proxy: ApiProxy = await startProxy();
  const newLeaders: string[] = [];
  const elector = new LeaderElector({
    lock: new LeaseLock(proxy.kubeConfig(), namespace, 'mirror-controller'),
    identity,
    ...fast,
    callbacks: {
      onStartedLeading: () => void terms.push({ identity, from: Date.now() }),
      onStoppedLeading: () => {
        const term = terms.findLast((t) => t.identity === identity && t.to === undefined);
        if (term) term.to = Date.now();
      },
      onNewLeader: (leader) => void newLeaders.push(leader),
    },
    ...overrides,
  });
  let failure: unknown;
  const running = elector.run().catch((error: unknown) => (failure = error));
  onTestFinished(async () => {
    proxy.restore();
    await Promise.race([elector.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
  });
  return {
    elector,
    proxy,
    newLeaders,
    running,
    check() {
      if (failure) throw failure;
    },
  };
}

export function readLease(namespace: string, name = 'mirror-controller'): Promise<V1Lease | undefined> {
  return readOrAbsent(() => adminKubeConfig().makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace, name }));
}

/** Pairs of terms that overlap in time: two leaders at once. Should always be empty. */
export function overlaps(terms: Term[], now = Date.now()): string[] {
  const found: string[] = [];
  for (const [i, a] of terms.entries()) {
    for (const b of terms.slice(i + 1)) {
      if (a.identity !== b.identity && a.from < (b.to ?? now) && b.from < (a.to ?? now)) found.push(`${a.identity} and ${b.identity}`);
    }
  }
  return found;
}

export const leaders = (terms: Term[]) => terms.filter((t) => t.to === undefined).map((t) => t.identity);
