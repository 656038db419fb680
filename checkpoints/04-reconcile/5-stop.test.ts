import { describe, expect } from 'vitest';
import { checkpoint } from '../harness/checkpoint.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';
import { configMapWrites, describeWrites, mirrorWorld, source, startController, summarizeWrites } from './fixture.js';

const createsOfConfigMaps = (r: { resource?: string; verb: string }) => r.resource === 'configmaps' && r.verb === 'create';

describe('4 · The mirror controller: stopping', () => {
  checkpoint(
    'stop() finishes the reconciles in flight and takes no further key: what is still queued is left for the next start',
    {
      expect:
        '30 sources × 4 namespaces, 2 workers, each create held 25 ms by the proxy; stop() as soon as the first mirror is being created: only the 2 reconciles in flight may go on writing (at most 2 × 4 ConfigMap writes after stop() began, not the whole queue), and nothing at all is written after stop() resolved',
      look: todo('4.3', 'stop: queue.shutDown(), not shutDownWithDrain(); processNextWorkItem takes no key once the queue is shutting down'),
    },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a', 'b', 'c', 'd']);
      const names = Array.from({ length: 30 }, (_, i) => `cm-queued-${i}`);
      await Promise.all(names.map((n) => core.createNamespacedConfigMap({ namespace: sourceNs, body: source(n, { n }) })));
      proxy.hold(createsOfConfigMaps, 25); // slow enough that the queue is still full when stop() comes
      const workers = 2;
      const { controller, check } = startController(proxy, { prefix, workers, resyncPeriodMs: 0 });
      await waitFor('the first mirror create', () => (check(), configMapWrites(proxy).some((w) => targetNs.includes(w.namespace ?? ''))), { intervalMs: 5 });

      const stopBegan = proxy.requests.length;
      await controller.stop();
      const stopReturned = proxy.requests.length;
      await sleep(500);
      const sinceStop = configMapWrites(proxy, stopBegan, stopReturned).filter((w) => targetNs.includes(w.namespace ?? ''));
      expect(
        sinceStop.length,
        `ConfigMap writes sent while stop() ran (the ${workers} reconciles in flight may finish their ${targetNs.length} namespaces each; the other queued sources must wait for the next start): ${summarizeWrites(sinceStop)}`,
      ).toBeLessThanOrEqual(workers * targetNs.length);
      expect(describeWrites(configMapWrites(proxy, stopReturned)).join(', '), 'writes after stop() resolved').toBe('');
    },
    40_000,
  );

  checkpoint(
    'stop() bounds the wait for in-flight work: past gracefulShutdownTimeoutMs it cuts the requests off and resolves',
    {
      expect:
        'a mirror create that the proxy holds for 60 s is in flight; stop() with gracefulShutdownTimeoutMs 500 resolves (well before the hold ends), the held create is cut off before it reaches the API server, and no mirror appears',
      look: todo('4.3', 'stop: past gracefulShutdownTimeoutMs, this.stopSignal.abort(…)'),
    },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a']);
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-stuck') });
      proxy.hold(createsOfConfigMaps, 60_000);
      const { controller, check } = startController(proxy, { prefix, resyncPeriodMs: 0 }, { gracefulShutdownTimeoutMs: 500 });
      const held = await waitFor('the mirror create to be in flight (held by the proxy)', () => (check(), proxy.requests.find(createsOfConfigMaps)));
      const stopped = await Promise.race([controller.stop().then(() => true), sleep(15_000).then(() => false)]);
      expect(stopped, 'stop() resolved although a write hung (it waits 0.5 s, then cuts it off)').toBe(true);
      await waitFor('the held create to be cut off by the client', () => held.cancelledAt !== undefined, { timeoutMs: 5_000 });
      expect(held.forwardedAt, 'the held create never reached the API server').toBeUndefined();
      expect((await core.listNamespacedConfigMap({ namespace: targetNs[0]! })).items.map((cm) => cm.metadata?.name), 'no mirror was created').not.toContain('cm-stuck');
    },
    40_000,
  );

  checkpoint(
    'abort(reason) stops at once: requests in flight are cut off, nothing more is sent, run() resolves',
    {
      expect:
        '10 sources × 2 namespaces, mirror creates held by the proxy; abort("lost the lease") while 2 creates are in flight: both are cut off before reaching the API server, no request at all is sent after abort() resolved, and run() resolves (stage 5 calls abort on lost leadership)',
      look: todo('4.3', 'processNextWorkItem takes no key once the queue is shutting down'),
    },
    async () => {
      const { prefix, core, sourceNs, proxy } = await mirrorWorld(['a', 'b']);
      const names = Array.from({ length: 10 }, (_, i) => `cm-abort-${i}`);
      await Promise.all(names.map((n) => core.createNamespacedConfigMap({ namespace: sourceNs, body: source(n, { n }) })));
      proxy.hold(createsOfConfigMaps, 60_000);
      const { controller, check, running, returned } = startController(proxy, { prefix, workers: 2, resyncPeriodMs: 0 });
      await waitFor('2 mirror creates in flight', () => (check(), proxy.requests.filter(createsOfConfigMaps).length >= 2));
      const inFlight = proxy.requests.filter(createsOfConfigMaps);
      const aborted = await Promise.race([controller.abort('lost the lease').then(() => true), sleep(15_000).then(() => false)]);
      expect(aborted, 'abort() resolved although writes hung').toBe(true);
      const afterAbort = proxy.requests.length;
      await Promise.race([running, sleep(5_000)]);
      expect(returned(), 'run() resolved after abort()').toBe(true);
      await waitFor('the held creates to be cut off by the client', () => inFlight.every((r) => r.cancelledAt !== undefined), {
        timeoutMs: 5_000,
        lastSeen: () => inFlight.map((r) => (r.cancelledAt ? 'cut off' : 'still open')),
      });
      expect(inFlight.filter((r) => r.forwardedAt !== undefined).length, 'held creates that reached the API server').toBe(0);
      await sleep(500);
      expect(proxy.requests.slice(afterAbort).map((r) => `${r.verb} ${r.resource} ${r.namespace ?? ''}`), 'requests after abort() resolved').toEqual([]);
    },
    40_000,
  );
});
