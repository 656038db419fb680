import type { V1ConfigMap } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { managedByLabel, sourceAnnotation, validateConfig, InvalidConfigError, MirrorController } from '@stage/04-reconcile/index.js';
import { startProxy } from '../harness/api-proxy.js';
import { checkpoint } from '../harness/checkpoint.js';
import { testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';
import { hasData, mirrorWorld, readOrUndefined, source, startController, waitForConfigMap } from './fixture.js';

describe('4 · The mirror controller: copies', () => {
  checkpoint(
    'a bad prefix is a clear error at start, and nothing is written',
    { expect: 'validateConfig / new MirrorController with prefix "Team_" or "" throws InvalidConfigError naming the problem; no request reaches the API server', look: todo('4.1', 'validate first; config.ts is given') },
    async () => {
      for (const prefix of ['Team_', '', '-team', 'x'.repeat(70)]) expect(() => validateConfig({ prefix }), `prefix ${JSON.stringify(prefix)}`).toThrow(InvalidConfigError);
      expect(() => validateConfig({ prefix: 'team-', workers: 0 })).toThrow(/workers/);
      const proxy = await startProxy();
      expect(() => new MirrorController({ kubeConfig: proxy.kubeConfig(), config: { prefix: 'Team_' } })).toThrow(/Team_/);
      await sleep(200);
      expect(proxy.requests, 'requests made by a controller with a bad prefix').toHaveLength(0);
    },
  );

  checkpoint(
    'copies a mirror=true ConfigMap into every namespace with the prefix — and nowhere else',
    {
      expect: 'the source appears in each target namespace with the same data, labelled managed-by and annotated with its source, without mirror=true; not in a namespace without the prefix; a Normal event "Mirrored" on the source, dated now (firstTimestamp and lastTimestamp within a minute)',
      look: todo('4.4', '4.5'),
    },
    async () => {
      const { prefix, core, sourceNs, outside, targetNs, proxy } = await mirrorWorld(['a', 'b']);
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-config', { color: 'blue' }, { metadata: { labels: { team: 'x' } } }) });
      const { check } = startController(proxy, { prefix });
      for (const ns of targetNs) {
        const mirror = await waitForConfigMap(core, ns, 'cm-config', 'to be a mirror', hasData({ color: 'blue' }), check);
        expect(mirror?.metadata?.labels?.mirror, 'a mirror never carries mirror=true').toBeUndefined();
        expect(mirror?.metadata?.labels?.[managedByLabel], 'managed-by label').toBeTruthy();
        expect(mirror?.metadata?.labels?.team, 'other labels are copied').toBe('x');
        expect(mirror?.metadata?.annotations?.[sourceAnnotation], 'names its source').toBe(`${sourceNs}/cm-config`);
      }
      const mirrored = await waitFor('a Normal "Mirrored" event on the source', async () =>
        (await core.listNamespacedEvent({ namespace: sourceNs })).items.find((e) => e.involvedObject.name === 'cm-config' && e.type === 'Normal' && e.reason === 'Mirrored'),
      );
      // kubectl get events shows an Event's age from these: stamped from a monotonic reading they say 1970 ("56y").
      for (const field of ['firstTimestamp', 'lastTimestamp'] as const) {
        const stamped = mirrored[field] ? new Date(mirrored[field]).getTime() : NaN;
        expect(Math.abs(stamped - Date.now()) < 60_000, `the Event's ${field} is ${mirrored[field] ? new Date(mirrored[field]).toISOString() : 'missing'}, not within a minute of now: the recorder must stamp it with clock.wallTime(), the date, not clock.now()`).toBe(true);
      }
      expect(await readOrUndefined(core, outside, 'cm-config'), 'no mirror outside the prefix').toBeUndefined();
    },
  );

  checkpoint(
    "never mirrors a source into its own namespace, even when that namespace has the prefix",
    { expect: 'a source in a prefixed namespace is mirrored into the other prefixed namespaces, and its own ConfigMap is left as it is', look: todo('4.5', 'targetNamespaces') },
    async () => {
      const { prefix, core, targetNs, proxy } = await mirrorWorld(['a', 'b']);
      const [own, other] = targetNs as [string, string];
      await core.createNamespacedConfigMap({ namespace: own, body: source('cm-self', { v: '1' }) });
      const { check } = startController(proxy, { prefix });
      await waitForConfigMap(core, other, 'cm-self', 'to be mirrored', hasData({ v: '1' }), check);
      const self = await readOrUndefined(core, own, 'cm-self');
      expect(self?.metadata?.labels?.mirror, 'the source is untouched').toBe('true');
      expect(self?.metadata?.annotations?.[sourceAnnotation], 'and not turned into a mirror').toBeUndefined();
    },
  );

  checkpoint(
    'a namespace created later receives every mirror',
    { expect: 'after the controller has converged, a new namespace with the prefix gets the mirror without any change to the source', look: todo('4.2', 'namespace handler') },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a']);
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-late') });
      const { check } = startController(proxy, { prefix });
      await waitForConfigMap(core, targetNs[0]!, 'cm-late', 'to be mirrored', (cm) => cm !== undefined, check);
      const late = await testNamespace('late', { name: `${prefix}late` });
      await waitForConfigMap(core, late, 'cm-late', 'to be mirrored into the new namespace', (cm) => cm !== undefined, check);
    },
  );

  checkpoint(
    'edits propagate; a hand-edited mirror is reverted; a hand-deleted mirror is recreated — at once, not at the next resync',
    { expect: 'with resync off, editing the source updates every mirror; editing or deleting a mirror by hand is repaired within seconds', look: todo('4.2', 'mirror events map to their source', '4.5') },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a', 'b']);
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-edit', { v: '1' }) });
      const { check, reconciles } = startController(proxy, { prefix, resyncPeriodMs: 0 });
      for (const ns of targetNs) await waitForConfigMap(core, ns, 'cm-edit', 'v=1', hasData({ v: '1' }), check);
      const key = `${sourceNs}/cm-edit`;
      const mapsToSource = 'a change to a mirror must enqueue its source (sourceKeyOf), or it is repaired only at the next resync';

      await core.replaceNamespacedConfigMap({ namespace: sourceNs, name: 'cm-edit', body: source('cm-edit', { v: '2' }) });
      for (const ns of targetNs) await waitForConfigMap(core, ns, 'cm-edit', 'v=2 after the source changed', hasData({ v: '2' }), check);

      const [a, b] = targetNs as [string, string];
      const mirror = (await readOrUndefined(core, a, 'cm-edit'))!;
      let mark = reconciles.done.length;
      await core.replaceNamespacedConfigMap({ namespace: a, name: 'cm-edit', body: { ...mirror, data: { v: 'hand-edited' } } });
      const edited = reconciles.mustReconcile(key, mark, `a hand edit of the mirror ${a}/cm-edit`, mapsToSource);
      await waitForConfigMap(core, a, 'cm-edit', 'reverted to v=2', hasData({ v: '2' }), () => (check(), edited()), 10_000);

      mark = reconciles.done.length;
      await core.deleteNamespacedConfigMap({ namespace: b, name: 'cm-edit' });
      const deleted = reconciles.mustReconcile(key, mark, `the mirror ${b}/cm-edit was deleted by hand`, mapsToSource);
      await waitForConfigMap(core, b, 'cm-edit', 'recreated', hasData({ v: '2' }), () => (check(), deleted()), 10_000);
    },
  );

  checkpoint(
    "a source's label change reaches its mirrors; a mirror's hand-edited label is put back",
    {
      expect:
        'with resync off: a label added to the source and a label value changed on it appear on every mirror (the data stays the same); a label changed or added by hand on a mirror is reverted — a mirror is up to date only when its labels match too, not only its data',
      look: todo('4.4', 'mirrorUpToDate compares labels, not only data'),
    },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a', 'b']);
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-labels', { v: '1' }, { metadata: { labels: { tier: 'web' } } }) });
      const { check } = startController(proxy, { prefix, resyncPeriodMs: 0 });
      const labelsAre = (want: Record<string, string>) => (cm: V1ConfigMap | undefined) => cm !== undefined && Object.entries(want).every(([k, v]) => cm.metadata?.labels?.[k] === v);
      for (const ns of targetNs) await waitForConfigMap(core, ns, 'cm-labels', 'to be mirrored with tier=web', labelsAre({ tier: 'web' }), check);

      const current = (await readOrUndefined(core, sourceNs, 'cm-labels'))!;
      await core.replaceNamespacedConfigMap({ namespace: sourceNs, name: 'cm-labels', body: { ...current, metadata: { ...current.metadata, labels: { ...current.metadata?.labels, tier: 'api', team: 'blue' } } } });
      for (const ns of targetNs) await waitForConfigMap(core, ns, 'cm-labels', 'to carry the source\'s new labels tier=api, team=blue', labelsAre({ tier: 'api', team: 'blue' }), check, 10_000);

      const [a] = targetNs as [string];
      const mirror = (await readOrUndefined(core, a, 'cm-labels'))!;
      await core.replaceNamespacedConfigMap({ namespace: a, name: 'cm-labels', body: { ...mirror, metadata: { ...mirror.metadata, labels: { ...mirror.metadata?.labels, tier: 'hand-edited', extra: 'by-hand' } } } });
      await waitForConfigMap(core, a, 'cm-labels', 'to have its hand-edited labels put back (tier=api, no "extra")', (cm) => labelsAre({ tier: 'api', team: 'blue' })(cm) && cm?.metadata?.labels?.extra === undefined, check, 10_000);
    },
  );

  checkpoint(
    'binaryData and a ConfigMap near the 1 MiB limit are copied exactly',
    { expect: 'a mirror of a source with binaryData and ~900 KiB of data is byte-for-byte the same', look: todo('4.4') },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a']);
      const big = 'x'.repeat(900 * 1024);
      const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('base64');
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: { ...source('cm-big', { big }), binaryData: { 'all-bytes': binary } } });
      const { check } = startController(proxy, { prefix });
      const mirror = await waitForConfigMap(core, targetNs[0]!, 'cm-big', 'to be mirrored', (cm) => cm !== undefined, check);
      expect(mirror?.data?.big === big, 'the 900 KiB value is identical').toBe(true);
      expect(mirror?.binaryData, 'binaryData is identical').toEqual({ 'all-bytes': binary });
    },
  );
});

