import { onTestFinished, describe, expect } from 'vitest';
import { SharedInformerFactory } from '@stage/02-informer/index.js';
import { RateLimitingQueue } from '@stage/03-workqueue/index.js';
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
  const controller = new Controller<string>({ name: 'checkpoint', queue, reconciler, workers: 1, waitForCacheSync: () => factory.waitForCacheSync(20_000), stopSignal: new AbortController() });
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
  return { queue, calls, check, step, key, times: (name: string) => calls[key(name)] ?? [] };
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
    'a TerminalError is not retried; a plain error is, with backoff',
    {
      expect:
        'ConfigMap "invalid": its first reconcile throws Error("timeout"), its second a TerminalError("spec is invalid"); ConfigMap "flaky" throws Error("conflict") twice, then succeeds. Over 1000 s of fake time: "invalid" is reconciled exactly twice (never after the TerminalError) and forgotten (numRequeues 0); "flaky" three times, then forgotten too',
      look: todo('4.8', 'TerminalError → log and forget, no addRateLimited'),
    },
    async () => {
      const failures: Record<string, number> = {};
      const { queue, check, step, key, times } = await controllerOver(['invalid', 'flaky'], async (k) => {
        const n = (failures[k] = (failures[k] ?? 0) + 1);
        if (k.endsWith('/invalid')) throw n === 1 ? new Error('timeout') : new TerminalError('spec is invalid');
        if (n <= 2) throw new Error('conflict');
      });
      await waitFor('the first reconcile of both', () => (check(), times('invalid').length > 0 && times('flaky').length > 0));
      for (let i = 0; i < 20; i++) await step(5);
      for (let i = 0; i < 10; i++) await step(100_000);
      expect({ invalid: times('invalid').length, flaky: times('flaky').length }, 'reconciles over 1000 s of fake time').toEqual({ invalid: 2, flaky: 3 });
      expect({ invalid: queue.numRequeues(key('invalid')), flaky: queue.numRequeues(key('flaky')) }, 'numRequeues at the end: both keys forgotten').toEqual({ invalid: 0, flaky: 0 });
    },
    30_000,
  );
});
