import { onTestFinished, describe, expect } from 'vitest';
import { SharedInformerFactory } from '@stage/02-informer/index.js';
import { RateLimitingQueue } from '@stage/03-workqueue/index.js';
import { jsonLogger } from '@stage/00-common/logger.js';
import { Controller, TerminalError, type Reconciler, type Result } from '@stage/04-reconcile/index.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminCore, adminKubeConfig, configMap, testNamespace } from '../harness/cluster.js';
import { FakeClock } from '../harness/fake-clock.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';

/**
 * The generic Controller runs a reconciler of the test's own: ConfigMaps in
 * one namespace, watched by a real informer, their keys queued by a handler.
 * The queue (and its rate limiter) runs on a fake clock, so "in 60 s, not
 * before" is checked exactly, without waiting for it.
 */
async function controllerOver(names: string[], reconcile: (key: string) => Promise<Result | void>) {
  const namespace = await testNamespace('generic');
  const core = adminCore();
  for (const name of names) await core.createNamespacedConfigMap({ namespace, body: configMap(name) });
  const clock = new FakeClock();
  const queue = new RateLimitingQueue<string>(undefined, { clock });
  const factory = new SharedInformerFactory(adminKubeConfig(), { namespace });
  factory.configMaps().addEventHandler({
    onAdd: (cm) => {
      if (names.includes(cm.metadata?.name ?? '')) queue.add(`${namespace}/${cm.metadata!.name}`);
    },
  });
  const calls: Record<string, number[]> = {};
  const reconciler: Reconciler<string> = {
    async reconcile(key) {
      (calls[key] ??= []).push(clock.now());
      return reconcile(key);
    },
  };
  // The log as a user runs it: --log-level info (the default), so a line logged at debug is not there.
  const logLines: Record<string, unknown>[] = [];
  const log = jsonLogger({ level: 'info', write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
  const controller = new Controller<string>({ name: 'checkpoint', queue, reconciler, workers: 1, waitForCacheSync: () => factory.waitForCacheSync(20_000), stopSignal: new AbortController(), log });
  let failure: unknown;
  factory.start();
  void controller.run().catch((error: unknown) => (failure = error));
  onTestFinished(async () => {
    await controller.stop().catch(() => undefined);
    await factory.shutdown();
  });
  const check = () => {
    if (failure) throw failure;
  };
  /** Moves the fake clock, then lets the worker take what came due. */
  const step = async (ms: number) => {
    clock.step(ms);
    await sleep(30);
    check();
  };
  const key = (name: string) => `${namespace}/${name}`;
  return { queue, calls, check, step, key, logLines, times: (name: string) => calls[key(name)] ?? [] };
}

/** A real refusal from the API server: an update with a resourceVersion long gone answers 409 Conflict with a Status. */
async function staleUpdate(key: string): Promise<void> {
  const [namespace, name] = key.split('/') as [string, string];
  await adminCore().replaceNamespacedConfigMap({ namespace, name, body: { metadata: { name, resourceVersion: '1' }, data: { stale: 'write' } } });
}

describe('4 · The generic Controller: what a reconcile returns decides when its key comes back', () => {
  checkpoint(
    'a reconcile that returns { requeueAfter } runs again after exactly that time, with no backoff',
    {
      expect:
        'a reconciler returns { requeueAfter: 60 s } for ConfigMap "poll" (queue and rate limiter on a fake clock): reconciled once at 0, not again up to 59.999 s (a rate-limited requeue would come after 5 ms), again at 60 s and at 120 s — the same interval each time, and numRequeues 0 (the key was forgotten, not rate-limited)',
      look: todo('4.8', 'requeueAfter > 0 → forget, then addAfter — not addRateLimited'),
    },
    async () => {
      const { queue, check, step, key, times } = await controllerOver(['poll'], async () => ({ requeueAfter: 60_000 }));
      await waitFor('the first reconcile of "poll"', () => (check(), times('poll').length > 0));
      expect(times('poll'), 'reconciles of "poll" (fake-clock ms)').toEqual([0]);
      for (const ms of [5, 10, 1_000, 58_984]) await step(ms); // 59.999 s in all
      expect(times('poll'), 'reconciles of "poll" before 60 s have passed: only the first').toEqual([0]);
      await step(1);
      await waitFor('the reconcile due at 60 s', () => (check(), times('poll').length > 1), { timeoutMs: 5_000, lastSeen: () => times('poll') });
      await step(59_999);
      expect(times('poll'), 'reconciles of "poll" up to 119.999 s').toEqual([0, 60_000]);
      await step(1);
      await waitFor('the reconcile due at 120 s', () => (check(), times('poll').length > 2), { timeoutMs: 5_000, lastSeen: () => times('poll') });
      expect(times('poll'), 'reconciles of "poll": every 60 s, not sooner and not later').toEqual([0, 60_000, 120_000]);
      expect(queue.numRequeues(key('poll')), 'numRequeues("poll"): a requeueAfter is no failure, so no backoff builds up').toBe(0);
    },
    30_000,
  );

  checkpoint(
    'a TerminalError is not retried, not even wrapped as the cause of another error; a plain error is, with backoff',
    {
      expect:
        'ConfigMap "invalid": its first reconcile throws Error("timeout"), its second a TerminalError("spec is invalid"); "wrapped" throws an Error whose cause is a TerminalError; "flaky" fails twice with a real 409 Conflict from the API server, then succeeds. Over 1000 s of fake time: "invalid" is reconciled exactly twice (never after the TerminalError), "wrapped" once, "flaky" three times, and all are forgotten (numRequeues 0)',
      look: todo('4.8', 'TerminalError → log and forget, no addRateLimited; isTerminalError(error) also finds one in error.cause'),
    },
    async () => {
      const failures: Record<string, number> = {};
      const { queue, check, step, key, times } = await controllerOver(['invalid', 'wrapped', 'flaky'], async (k) => {
        const n = (failures[k] = (failures[k] ?? 0) + 1);
        if (k.endsWith('/invalid')) throw n === 1 ? new Error('timeout') : new TerminalError('spec is invalid');
        if (k.endsWith('/wrapped')) throw new Error('could not build the mirror', { cause: new TerminalError('spec is invalid') });
        if (n <= 2) await staleUpdate(k);
      });
      await waitFor('the first reconcile of all three', () => (check(), times('invalid').length > 0 && times('wrapped').length > 0 && times('flaky').length > 0));
      for (let i = 0; i < 20; i++) await step(5);
      for (let i = 0; i < 10; i++) await step(100_000);
      expect(times('wrapped').length, 'reconciles of "wrapped" (an Error whose cause is a TerminalError): use isTerminalError(error), not instanceof').toBe(1);
      expect({ invalid: times('invalid').length, flaky: times('flaky').length }, 'reconciles over 1000 s of fake time').toEqual({ invalid: 2, flaky: 3 });
      expect({ invalid: queue.numRequeues(key('invalid')), wrapped: queue.numRequeues(key('wrapped')), flaky: queue.numRequeues(key('flaky')) }, 'numRequeues at the end: every key forgotten').toEqual({ invalid: 0, wrapped: 0, flaky: 0 });
    },
    30_000,
  );

  checkpoint(
    'a failed reconcile is logged at error, with the key and the API server\'s reason, code and message — one readable line',
    {
      expect:
        'ConfigMap "refused" fails its reconcile with a real 409 Conflict from the API server. The log at --log-level info (the default) has an error line for it with key, code 409, reason "Conflict" and the Status\'s message as fields (errorFields from 00-common/api-errors.ts) — not client-node\'s "HTTP-Code: … Body: … Headers: …" dump',
      look: todo('4.8', 'log a failure with log.error(…, { key, ...errorFields(error) }), not at debug'),
    },
    async () => {
      const { check, key, times, logLines } = await controllerOver(['refused'], staleUpdate);
      // Its retries come at 5 ms, 10 ms… of fake time: the clock stands still, so only the first failure runs.
      await waitFor('the first reconcile of "refused"', () => (check(), times('refused').length > 0));
      await waitFor('a log line naming "refused"', () => logLines.some((l) => JSON.stringify(l).includes(key('refused'))), { timeoutMs: 3_000 }).catch(() => undefined);
      const lines = logLines.filter((l) => JSON.stringify(l).includes(key('refused')));
      const shown = lines.map((l) => `${String(l.level)}: ${String(l.msg)}`).join('; ') || 'none';
      const failed = lines.find((l) => l.level === 'error');
      expect(failed, `an error line naming the key at --log-level info (lines naming it: ${shown})`).toBeDefined();
      expect({ code: failed!.code, reason: failed!.reason }, 'the failed reconcile\'s log fields code and reason').toEqual({ code: 409, reason: 'Conflict' });
      const text = JSON.stringify(failed);
      expect(text.includes('HTTP-Code') || text.includes('Headers'), 'the line carries client-node\'s raw dump (HTTP-Code, Body, Headers)').toBe(false);
      expect(text.length, 'length of the logged line (one readable line, not a dump)').toBeLessThan(600);
    },
    30_000,
  );

  checkpoint(
    'a key whose reconcile failed is handed out again: the worker marks every key done, whatever its reconcile did',
    {
      expect:
        'ConfigMap "once" fails its first reconcile (a real 409 from the API server), then succeeds; its backoff passes (fake clock) and it is also added again: it is reconciled a second time. A worker that calls done(key) only after a success leaves the key "processing" forever, and the queue never hands it out again',
      look: todo('4.3', 'processNextWorkItem: done(key) in a finally, whatever reconcileHandler did'),
    },
    async () => {
      let failed = false;
      const { queue, check, step, key, times } = await controllerOver(['once'], async (k) => {
        if (failed) return;
        failed = true;
        await staleUpdate(k);
      });
      await waitFor('the first reconcile of "once"', () => (check(), times('once').length > 0));
      await sleep(50);
      for (let i = 0; i < 10; i++) await step(5);
      queue.add(key('once'));
      await sleep(50);
      await waitFor('"once" to be reconciled again after its failure', () => (check(), times('once').length > 1), { timeoutMs: 3_000, lastSeen: () => ({ reconciles: times('once').length, queued: queue.len() }) }).catch(() => undefined);
      expect(times('once').length, 'reconciles of "once": the failed one, then again (its retry) — a key not marked done(key) is never handed out again').toBeGreaterThanOrEqual(2);
    },
    30_000,
  );
});
