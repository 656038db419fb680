import { describe, expect } from 'vitest';
import { checkpoint } from '../harness/checkpoint.js';
import { todo } from '../harness/look.js';
import { waitFor } from '../harness/wait.js';
import { writesInFlight } from '@stage/04-reconcile/index.js';
import { allWrites, configMapWrites, describeWrites, hasData, mirrorWorld, source, startController, waitForConfigMap } from './fixture.js';

describe('4 · The mirror controller: idempotent, cache-only, concurrent', () => {
  checkpoint(
    'once converged, a second controller and several resyncs make zero writes — Events included — and reconcile never GETs or LISTs',
    {
      expect: 'after convergence: a fresh controller over the same state writes nothing, not even an Event ("Mirrored" only when something was mirrored); resyncs (0.5 s) until every source was reconciled three times write nothing; apart from the informers\' first LIST of configmaps and namespaces, no GET or LIST reaches the API server',
      look: todo('4.4', 'compare content', '4.5', 'read only the cache; an Event only when something was written'),
    },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a', 'b', 'c']);
      for (const n of ['cm-i1', 'cm-i2', 'cm-i3']) await core.createNamespacedConfigMap({ namespace: sourceNs, body: source(n, { n }) });
      const first = startController(proxy, { prefix, resyncPeriodMs: 0 });
      for (const ns of targetNs) for (const n of ['cm-i1', 'cm-i2', 'cm-i3']) await waitForConfigMap(core, ns, n, 'to be mirrored', hasData({ n }), first.check);
      await first.reconciles.idle(['cm-i1', 'cm-i2', 'cm-i3'].map((n) => `${sourceNs}/${n}`), 0, 'the first controller to settle', first.check);
      await first.stop();

      const from = proxy.requests.length;
      const second = startController(proxy, { prefix, resyncPeriodMs: 500 });
      // Its first pass, then resyncs: each source reconciled three times, and none may write.
      const keys = ['cm-i1', 'cm-i2', 'cm-i3'].map((n) => `${sourceNs}/${n}`);
      await second.reconciles.times(keys, 3, 0, 'the second controller to reconcile every source three times (its first pass, then a resync every 0.5 s)', second.check);
      second.check();
      // Other tests' namespaces are being cleaned up meanwhile, and a controller rightly deletes the mirrors of
      // sources that go with them: count only what this test's own namespaces receive.
      const writes = allWrites(proxy, from).filter((w) => [sourceNs, ...targetNs].includes(w.namespace ?? ''));
      expect(describeWrites(writes).join(', '), 'writes (ConfigMaps and Events) by a second pass and its resyncs').toBe('');
      const reads = proxy.requests.slice(from).filter((r) => r.verb === 'get' || r.verb === 'list');
      expect(reads.map((r) => `${r.verb} ${r.resource}`).sort(), 'reads: only the informers\' initial LISTs').toEqual(['list configmaps', 'list namespaces']);
    },
    40_000,
  );

  checkpoint(
    'with several workers, many sources converge into many namespaces',
    { expect: '20 sources × 3 namespaces = 60 mirrors, all present with the right data, with 4 workers', look: todo('4.3', 'workers') },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a', 'b', 'c']);
      const names = Array.from({ length: 20 }, (_, i) => `cm-many-${i}`);
      await Promise.all(names.map((n) => core.createNamespacedConfigMap({ namespace: sourceNs, body: source(n, { n }) })));
      const { check } = startController(proxy, { prefix, workers: 4 });
      await waitFor(
        '60 mirrors',
        async () => {
          check();
          const counts = await Promise.all(targetNs.map(async (ns) => (await core.listNamespacedConfigMap({ namespace: ns })).items.filter((cm) => names.includes(cm.metadata!.name!) && cm.data?.n === cm.metadata!.name).length));
          return counts.reduce((a, b) => a + b, 0) === 60;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      const writes = configMapWrites(proxy).filter((w) => targetNs.includes(w.namespace ?? ''));
      expect(writes.filter((w) => w.verb === 'create').length, `one create per mirror, no more; writes were: ${describeWrites(writes).join(', ')}`).toBe(60);
    },
    40_000,
  );

  checkpoint(
    'a fan-out keeps at most writesInFlight writes at the API server at once',
    {
      expect: `one source, 10 target namespaces, 1 worker, each create held 100 ms by the proxy: all 10 mirrors appear, and at most writesInFlight (${writesInFlight}) creates are at the API server at any moment — a Promise.all over every namespace sends all 10 at once`,
      look: todo('4.5', 'parallelizeUntil(writesInFlight, targets.length, …), not Promise.all'),
    },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(Array.from({ length: 10 }, (_, i) => `f${i}`));
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-fan', { n: 'fan' }) });
      const isCreate = (r: { resource?: string; verb: string; namespace?: string }) => r.resource === 'configmaps' && r.verb === 'create' && targetNs.includes(r.namespace ?? '');
      proxy.hold(isCreate, 100);
      const { check } = startController(proxy, { prefix, workers: 1, resyncPeriodMs: 0 });
      for (const ns of targetNs) await waitForConfigMap(core, ns, 'cm-fan', 'to be mirrored', hasData({ n: 'fan' }), check);
      expect(proxy.maxInFlight(isCreate), `mirror creates at the API server at once (at most writesInFlight = ${writesInFlight})`).toBeLessThanOrEqual(writesInFlight);
    },
    30_000,
  );
});
