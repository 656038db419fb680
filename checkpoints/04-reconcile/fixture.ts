import type { CoreV1Api, V1ConfigMap } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { MirrorController, type MirrorConfig, type MirrorControllerOptions } from '@stage/04-reconcile/index.js';
import { startProxy, type ApiProxy } from '../harness/api-proxy.js';
import { adminCore, readOrAbsent, runPrefix, testNamespace } from '../harness/cluster.js';
import { waitFor } from '../harness/wait.js';

const rand = () => randomBytes(2).toString('hex');

/** One test's world: its own prefix, a source namespace outside it, target namespaces inside it. */
export async function mirrorWorld(targets: string[] = ['a', 'b']) {
  const prefix = `${runPrefix()}t${rand()}-`;
  const core = adminCore();
  const sourceNs = await testNamespace('src', { name: `${runPrefix()}src-${rand()}` });
  const outside = await testNamespace('other', { name: `${runPrefix()}other-${rand()}` });
  const targetNs: string[] = [];
  for (const t of targets) targetNs.push(await testNamespace(t, { name: `${prefix}${t}` }));
  const proxy = await startProxy();
  onTestFinished(removeSourcesOfThisRun);
  return { prefix, core, sourceNs, outside, targetNs, proxy };
}

/**
 * Namespaces go away seconds after a test (the namespace controller empties them first);
 * sources left in them meanwhile would be mirrored by the next test's controller into its
 * namespaces. Deleting this run's sources at once keeps each test's world its own.
 */
async function removeSourcesOfThisRun(): Promise<void> {
  const core = adminCore();
  const { items } = await core.listConfigMapForAllNamespaces({ labelSelector: 'mirror=true' });
  const ours = items.filter((cm) => cm.metadata?.namespace?.startsWith(runPrefix()));
  await Promise.all(ours.map((cm) => core.deleteNamespacedConfigMap({ namespace: cm.metadata!.namespace!, name: cm.metadata!.name! }).catch(() => undefined)));
}

/** Starts the controller under test through the proxy; stopped when the test ends. */
export function startController(proxy: ApiProxy, config: Partial<MirrorConfig> & { prefix: string }, options: Partial<Omit<MirrorControllerOptions, 'config'>> = {}) {
  const controller = new MirrorController({ kubeConfig: proxy.kubeConfig(), ...options, config: { workers: 2, ...config } });
  let failure: unknown;
  let returned = false;
  const running = controller.run().then(
    () => (returned = true),
    (error: unknown) => (failure = error),
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.race([controller.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
  };
  onTestFinished(stop);
  return {
    controller,
    stop,
    /** run()'s promise, settled (resolved or failed) — never rejects. */
    running,
    /** True once run() has resolved. */
    returned: () => returned,
    check() {
      if (failure) throw failure;
    },
  };
}

export function source(name: string, data: Record<string, string> = { key: 'value' }, extra: Partial<V1ConfigMap> = {}): V1ConfigMap {
  return { ...extra, metadata: { ...extra.metadata, name, labels: { mirror: 'true', ...extra.metadata?.labels } }, data };
}

export function readOrUndefined(core: CoreV1Api, namespace: string, name: string): Promise<V1ConfigMap | undefined> {
  return readOrAbsent(() => core.readNamespacedConfigMap({ namespace, name }));
}

/** Waits until `namespace/name` satisfies `ok` (or is absent, for ok = absent). */
export async function waitForConfigMap(
  core: CoreV1Api,
  namespace: string,
  name: string,
  what: string,
  ok: (cm: V1ConfigMap | undefined) => boolean,
  check: () => void = () => undefined,
  timeoutMs = 20_000,
): Promise<V1ConfigMap | undefined> {
  let last: V1ConfigMap | undefined;
  await waitFor(
    `${namespace}/${name} ${what}`,
    async () => {
      check();
      last = await readOrUndefined(core, namespace, name);
      return ok(last);
    },
    { timeoutMs, intervalMs: 100, lastSeen: () => (last ? { data: last.data, labels: last.metadata?.labels, annotations: last.metadata?.annotations } : 'absent') },
  );
  return last;
}

export const absent = (cm: V1ConfigMap | undefined) => cm === undefined;
export const hasData = (data: Record<string, string>) => (cm: V1ConfigMap | undefined) => JSON.stringify(cm?.data ?? null) === JSON.stringify(data);

const writeVerbs = ['create', 'update', 'patch', 'delete'];

/** Writes (create/update/patch/delete) on ConfigMaps the controller made through the proxy since `from` (up to `to`). */
export function configMapWrites(proxy: ApiProxy, from = 0, to?: number) {
  return proxy.requests.slice(from, to).filter((r) => r.resource === 'configmaps' && writeVerbs.includes(r.verb));
}

/** Every write the controller made since `from`, Events included. */
export function allWrites(proxy: ApiProxy, from = 0) {
  return proxy.requests.slice(from).filter((r) => writeVerbs.includes(r.verb));
}

/** "create team-a/app → 201", for messages that show what was written. */
export function describeWrites(writes: ReturnType<typeof configMapWrites>): string[] {
  return writes.map((w) => `${w.verb} ${w.resource === 'configmaps' ? '' : `${w.resource} `}${w.namespace}/${w.name ?? ''} → ${w.status ?? (w.cancelledAt ? 'cut off' : '?')}`);
}

/** "118 × create → 201, 2 × update → 409": a count of writes by what they did, for long lists. */
export function summarizeWrites(writes: ReturnType<typeof configMapWrites>): string {
  const counts = new Map<string, number>();
  for (const w of writes) {
    const what = `${w.verb}${w.resource === 'configmaps' ? '' : ` ${w.resource}`} → ${w.status ?? (w.cancelledAt ? 'cut off' : '?')}`;
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => `${n} × ${what}`).join(', ') || 'none';
}
