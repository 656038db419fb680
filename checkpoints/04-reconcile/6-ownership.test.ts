import { describe, expect } from 'vitest';
import { instanceLabel, sourceAnnotation, validateConfig } from '@stage/04-reconcile/index.js';
import { startProxy } from '../harness/api-proxy.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminCore, runPrefix, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';
import { allWrites, configMapWrites, describeWrites, hasData, mirrorWorld, readOrUndefined, source, startController, summarizeWrites, waitForConfigMap } from './fixture.js';

const rand = () => Math.random().toString(16).slice(2, 6);

describe('4 · The mirror controller: its own mirrors only', () => {
  checkpoint(
    'two controllers with different prefixes side by side: each keeps its own mirrors, and once converged neither writes',
    {
      expect:
        'controllers with prefixes "…ta…-" and "…tb…-" (instances named after them), one source: each prefix\'s namespaces get a mirror labelled with its own instance; after convergence, while each reconciles the source twice more at 0.5 s resyncs, zero writes by either (neither deletes or rewrites the other\'s mirrors)',
      look: todo('4.4', 'desiredMirror labels the instance', '4.5', 'only mirrors ownedBy this instance'),
    },
    async () => {
      const core = adminCore();
      const run = rand();
      const prefixes = [`${runPrefix()}ta${run}-`, `${runPrefix()}tb${run}-`];
      const sourceNs = await testNamespace('src', { name: `${runPrefix()}src-${rand()}` });
      const namespaces = new Map<string, string[]>();
      for (const prefix of prefixes) namespaces.set(prefix, [await testNamespace('t', { name: `${prefix}1` }), await testNamespace('t', { name: `${prefix}2` })]);
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-shared', { v: '1' }) });
      const proxies = [await startProxy(), await startProxy()];
      const controllers = prefixes.map((prefix, i) => startController(proxies[i]!, { prefix, resyncPeriodMs: 500 }));
      const check = () => controllers.forEach((c) => c.check());

      for (const prefix of prefixes) {
        const instance = validateConfig({ prefix }).instance;
        for (const ns of namespaces.get(prefix)!) {
          await waitForConfigMap(core, ns, 'cm-shared', `to be mirrored by instance ${instance}`, (cm) => hasData({ v: '1' })(cm) && cm?.metadata?.labels?.[instanceLabel] === instance, check);
        }
      }
      // Settled first (the Events of the first pass written), then resyncs: the source reconciled twice more by both, and neither may write.
      const key = `${sourceNs}/cm-shared`;
      // Two controllers fighting never settle: then go on after 3 s, and the writes counted below say what they do.
      await Promise.all(controllers.map((c) => c.reconciles.idle([key], 0, 'both controllers to settle after converging', check, { timeoutMs: 3_000 }).catch(() => undefined)));
      const from = proxies.map((p) => p.requests.length);
      const marks = controllers.map((c) => c.reconciles.done.length);
      for (const [i, c] of controllers.entries()) await c.reconciles.times([key], 2, marks[i]!, `the controller with prefix ${prefixes[i]} to reconcile the source twice more (a resync every 0.5 s)`, check);
      check();
      const ours = [sourceNs, ...[...namespaces.values()].flat()];
      proxies.forEach((proxy, i) => {
        const writes = allWrites(proxy, from[i]).filter((w) => ours.includes(w.namespace ?? ''));
        expect(summarizeWrites(writes), `writes by the controller with prefix ${prefixes[i]} after convergence (${describeWrites(writes).slice(0, 6).join(', ')})`).toBe('none');
      });
      for (const ns of [...namespaces.values()].flat()) {
        expect((await readOrUndefined(core, ns, 'cm-shared'))?.metadata?.annotations?.[sourceAnnotation], `the mirror in ${ns} is still there`).toBe(`${sourceNs}/cm-shared`);
      }
    },
    40_000,
  );

  checkpoint(
    'a mirror labelled mirror=true by hand is never a source: nothing is mirrored from it, no Warning on the real source',
    {
      expect:
        'the source sits in a namespace that sorts after the targets (so a mirror, were it a source, would win the same-name rule); labelling one mirror mirror=true: the label is put back, no other ConfigMap is written or created anywhere, every mirror still names the real source, and the real source gets no Warning event (isSource in labels.ts: anything carrying the managed-by label is never a source)',
      look: todo('4.4', 'mirrorUpToDate compares labels, so the hand-added label is put back'),
    },
    async () => {
      const { prefix, core, targetNs, proxy } = await mirrorWorld(['a', 'b', 'c']);
      const sourceNs = await testNamespace('zsrc', { name: `${runPrefix()}zsrc-${rand()}` });
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-loop', { v: '1' }) });
      const { check, reconciles } = startController(proxy, { prefix, resyncPeriodMs: 0 });
      for (const ns of targetNs) await waitForConfigMap(core, ns, 'cm-loop', 'to be mirrored', hasData({ v: '1' }), check);
      await reconciles.idle([`${sourceNs}/cm-loop`], 0, 'the controller to settle after converging', check);

      const [labelled] = targetNs as [string];
      const from = proxy.requests.length;
      const mirror = (await readOrUndefined(core, labelled, 'cm-loop'))!;
      await core.replaceNamespacedConfigMap({ namespace: labelled, name: 'cm-loop', body: { ...mirror, metadata: { ...mirror.metadata, labels: { ...mirror.metadata?.labels, mirror: 'true' } } } });
      await waitForConfigMap(core, labelled, 'cm-loop', 'to lose the hand-added mirror=true label', (cm) => cm !== undefined && cm.metadata?.labels?.mirror === undefined, check, 10_000);
      // Whatever the relabelled mirror set off (were it taken for a source: its own key, mirrors of it, a Warning) is done once the controller is idle.
      // (A loop it set off never settles: then go on after 3 s, and the writes below say what it did.)
      await reconciles.idle([`${sourceNs}/cm-loop`, `${labelled}/cm-loop`], 0, 'the controller to settle after putting the label back', check, { timeoutMs: 3_000 }).catch(() => undefined);

      const ours = [sourceNs, ...targetNs];
      const writes = configMapWrites(proxy, from).filter((w) => ours.includes(w.namespace ?? ''));
      const others = writes.filter((w) => !(w.verb === 'update' && w.namespace === labelled));
      expect(describeWrites(others).join(', '), 'ConfigMap writes other than putting the label back').toBe('');
      for (const ns of targetNs) {
        expect((await readOrUndefined(core, ns, 'cm-loop'))?.metadata?.annotations?.[sourceAnnotation], `the mirror in ${ns} names the real source`).toBe(`${sourceNs}/cm-loop`);
      }
      const warnings = (await core.listNamespacedEvent({ namespace: sourceNs })).items.filter((e) => e.involvedObject.name === 'cm-loop' && e.type === 'Warning');
      expect(warnings.map((e) => `${e.reason}: ${e.message}`), 'Warning events on the real source').toEqual([]);
    },
    40_000,
  );
});
