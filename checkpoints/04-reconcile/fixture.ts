import type { CoreV1Api, V1ConfigMap } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { errorFields } from '@stage/00-common/api-errors.js';
import { MirrorController, type MirrorConfig, type MirrorControllerOptions } from '@stage/04-reconcile/index.js';
import { startProxy, type ApiProxy } from '../harness/api-proxy.js';
import { adminCore, readOrAbsent, runPrefix, testNamespace } from '../harness/cluster.js';
import { StopWaiting, waitFor } from '../harness/wait.js';

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
  const reconciles = recordReconciles(controller);
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
    reconciles,
    stop,
    /** run()'s promise, settled (resolved or failed) — never rejects. */
    running,
    /** True once run() has resolved. */
    returned: () => returned,
    check() {
      if (failure) throw failure;
      reconciles.checkRetried();
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

/** One reconcile as the controller's workers ran it: its key, and whether it returned (ok, or a requeueAfter) or threw. */
export interface ReconcileRecord {
  key: string;
  outcome: 'ok' | 'requeue' | 'error';
  error?: string;
}

/**
 * Watches the controller's reconciles through the hook stage 7 counts them with (given code:
 * TODO 4.8's reconcileHandler calls it), so a checkpoint can wait for "reconciled N more
 * times" or "idle" instead of a wall-clock window in which nothing should happen.
 */
export function recordReconciles(controller: MirrorController) {
  const done: ReconcileRecord[] = [];
  let inFlight = 0;
  controller.instrumentReconcile((reconcile) => async (key, signal) => {
    inFlight++;
    inFlightKeys.add(key);
    try {
      const result = await reconcile(key, signal);
      done.push({ key, outcome: (result?.requeueAfter ?? 0) > 0 ? 'requeue' : 'ok' });
      failing.delete(key);
      return result;
    } catch (error) {
      // A refusal reads as its Status ("409 Conflict: …"), not client-node's dump of body and headers.
      const fields = errorFields(error);
      const message = fields.reason ? `${fields.code} ${fields.reason}: ${fields.error}` : fields.error;
      done.push({ key, outcome: 'error', error: message });
      failing.set(key, { times: (failing.get(key)?.times ?? 0) + 1, at: Date.now(), error: message });
      throw error;
    } finally {
      inFlight--;
      inFlightKeys.delete(key);
    }
  });
  const of = (key: string, from = 0) => done.slice(from).filter((r) => r.key === key);
  /** Per key: its failures since its last success, and when the last one ended. */
  const failing = new Map<string, { times: number; at: number; error: string }>();
  const inFlightKeys = new Set<string>();
  return {
    /**
     * Part of every check(): a key whose reconcile failed comes back after a short backoff (5 ms, 10 ms…). One that
     * failed up to 5 times and has not run again 3 s later, with the controller still running, was never handed out
     * again — the queue gives a key out only after done(key), so a worker that skips done(key) on a failure keeps it.
     */
    checkRetried() {
      if (!controller.ready()) return;
      for (const [key, f] of failing) {
        if (f.times > 5 || inFlightKeys.has(key) || Date.now() - f.at < 3_000) continue;
        throw new StopWaiting(`the reconcile of ${key} failed ("${f.error.slice(0, 120)}") and was never retried: call done(key) in a finally, whatever the reconcile did (TODO 4.3), and addRateLimited(key) on failure (TODO 4.8)`);
      }
    },
    /**
     * A check for waits on a change the controller must react to: fails at once (StopWaiting) when, 2 s after the
     * change, `key` was not reconciled since `from` and nothing is queued or in flight — the change reached no handler
     * that enqueues `key`, so waiting longer cannot help.
     */
    mustReconcile(key: string, from: number, change: string, todoHint: string) {
      const at = Date.now();
      return () => {
        if (of(key, from).length > 0 || inFlight > 0 || controller.queueLength() > 0 || Date.now() - at < 2_000) return;
        throw new StopWaiting(`after ${change}, ${key} was never reconciled and nothing was queued: ${todoHint}`);
      };
    },
    /** Every reconcile finished so far, in order; its length is a mark to count from. */
    done,
    of,
    /**
     * Waits until each key was reconciled `times` more times after `from` (e.g. at resyncs), failing at once
     * when one of those reconciles threw: a reconcile with nothing to do must not fail (its retries would be a hot loop).
     */
    async times(keys: string[], times: number, from: number, what: string, check: () => void = () => undefined, timeoutMs = 10_000) {
      await waitFor(
        what,
        () => {
          check();
          for (const key of keys) {
            const failed = of(key, from).find((r) => r.outcome === 'error');
            if (failed) throw new StopWaiting(`the reconcile of ${key} failed ("${failed.error}") where it had nothing to do: a failure is retried with backoff, again and again (a hot loop)`);
          }
          return keys.every((key) => of(key, from).length >= times);
        },
        { timeoutMs, lastSeen: () => Object.fromEntries(keys.map((key) => [key, of(key, from).length])) },
      );
    },
    /**
     * Waits until the controller is idle: nothing queued or in flight for `quietMs` on end, and the last reconcile of
     * each key returned without error (a key whose reconcile threw is waiting in backoff: not idle). Fails at once on
     * a fifth failed reconcile of one key since `from`: that is a retry loop, not a transient conflict.
     */
    async idle(keys: string[], from: number, what: string, check: () => void = () => undefined, options: { quietMs?: number; timeoutMs?: number } = {}) {
      const quietMs = options.quietMs ?? 300;
      let quietSince: number | undefined;
      await waitFor(
        what,
        () => {
          check();
          for (const key of keys) {
            const failed = of(key, from).filter((r) => r.outcome === 'error');
            if (failed.length >= 5) throw new StopWaiting(`the reconcile of ${key} failed ${failed.length} times ("${failed.at(-1)!.error}"): it is retried with backoff, again and again (a hot loop)`);
          }
          const busy = inFlight > 0 || controller.queueLength() > 0 || keys.some((key) => of(key, from).at(-1)?.outcome === 'error');
          if (busy) quietSince = undefined;
          else quietSince ??= Date.now();
          return quietSince !== undefined && Date.now() - quietSince >= quietMs;
        },
        { timeoutMs: options.timeoutMs ?? 10_000, intervalMs: 20, lastSeen: () => ({ inFlight, queued: controller.queueLength(), last: keys.map((key) => of(key, from).at(-1)) }) },
      );
    },
  };
}
