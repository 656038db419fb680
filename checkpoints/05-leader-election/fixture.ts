import { CoordinationV1Api, V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { isConflict } from '@stage/00-common/api-errors.js';
import { LeaderElector, LeaseLock, type LeaderElectionConfig } from '@stage/05-leader-election/index.js';
import { startTargetMain } from '../harness/target-main.js';
import { startProxy, type ApiProxy, type RecordedRequest } from '../harness/api-proxy.js';
import { adminCore, adminKubeConfig, readOrAbsent, runPrefix, testNamespace } from '../harness/cluster.js';
import type { ElectionClock } from './election-clock.js';

/** When a candidate led, on its elector's clock (both ends, so overlaps can be checked). */
export interface Term {
  identity: string;
  from: number;
  to?: number;
}

/** Fast timings for tests: the ratios client-go requires (15/10/2 s scaled down). */
export const fast = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 250 } as const;

/**
 * A candidate with its own proxy (so its network can be cut alone), recording
 * its terms as leader. With `clock` (an ElectionClock) its timings and its
 * terms are on that fake clock, and its Lease calls are counted by it.
 */
export async function candidate(namespace: string, identity: string, terms: Term[], overrides: Partial<Omit<LeaderElectionConfig, 'clock'>> & { clock?: ElectionClock } = {}) {
  const proxy: ApiProxy = await startProxy();
  const newLeaders: string[] = [];
  const { clock } = overrides;
  const now = () => clock?.now() ?? Date.now();
  const elector = new LeaderElector({
    lock: clock ? clock.lock(proxy.kubeConfig(), namespace, 'mirror-controller') : new LeaseLock(proxy.kubeConfig(), namespace, 'mirror-controller'),
    identity,
    ...fast,
    callbacks: {
      onStartedLeading: () => void terms.push({ identity, from: now() }),
      onStoppedLeading: () => {
        const term = terms.findLast((t) => t.identity === identity && t.to === undefined);
        if (term) term.to = now();
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

/** A write of the mirror controller: a mirror (ConfigMap) or an Event. */
export const isControllerWrite = (r: RecordedRequest) => r.method !== 'GET' && (r.resource === 'configmaps' || r.resource === 'events');

/** One line per request, times relative to `zero` (named by `what`, e.g. "waking"), for a learner to read. */
export const describeWrites = (requests: RecordedRequest[], zero: number, what: string) => {
  const when = (t: number) => (t < zero ? `${zero - t} ms before ${what}` : `${t - zero} ms after ${what}`);
  return requests.map((r) => `${r.method} ${r.path} — sent ${when(r.at)}${r.forwardedAt === undefined ? '' : `, reached the API server ${when(r.forwardedAt)}`}`);
};

/**
 * Work for a mirror controller: `sources` ConfigMaps labelled mirror=true in a
 * namespace of their own, created before the controller starts (so all of
 * them are queued at once), and two target namespaces with the prefix.
 */
export async function queuedMirrorWork(sources: number) {
  const prefix = `${runPrefix()}le${randomBytes(2).toString('hex')}-`;
  for (const t of ['a', 'b']) await testNamespace(`le-target-${t}`, { name: `${prefix}${t}` });
  const sourceNs = await testNamespace('le-src');
  const core = adminCore();
  await Promise.all(Array.from({ length: sources }, (_, i) => core.createNamespacedConfigMap({ namespace: sourceNs, body: { metadata: { name: `src-${i}`, labels: { mirror: 'true' } }, data: { i: String(i) } } })));
  // Sources left behind would be mirrored by the next controller of this run, into its own namespaces.
  onTestFinished(() => core.deleteCollectionNamespacedConfigMap({ namespace: sourceNs, labelSelector: 'mirror=true' }).then(() => undefined, () => undefined));
  return { prefix, sourceNs };
}

/** Takes the Lease for `holder` through the API, as another candidate would: at the resourceVersion read (409: read again). */
export async function takeLease(namespace: string, holder: string, name = 'mirror-controller'): Promise<void> {
  const api = adminKubeConfig().makeApiClient(CoordinationV1Api);
  for (;;) {
    const lease = await api.readNamespacedLease({ namespace, name });
    const now = new V1MicroTime(Date.now());
    lease.spec = { ...lease.spec, holderIdentity: holder, acquireTime: now, renewTime: now, leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 };
    try {
      await api.replaceNamespacedLease({ namespace, name, body: lease });
      return;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
}

/** Runs `<target>/05-leader-election/main.ts` as its own process, talking to the API server through `proxy`. */
export function startMain(proxy: ApiProxy, args: string[]) {
  return startTargetMain('05-leader-election', proxy.kubeConfig().exportConfig(), args);
}
