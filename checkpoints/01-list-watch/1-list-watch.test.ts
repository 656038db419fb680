import type { V1ConfigMap } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { ConfigMapListWatch, type WatchEvent } from '@stage/01-list-watch/index.js';
import { startProxy } from '../harness/api-proxy.js';
import { checkpoint, skipBecause } from '../harness/checkpoint.js';
import { adminCore, clusterInfo, configMap, testNamespace } from '../harness/cluster.js';
import { compactEtcd } from '../../scripts/cluster/etcd.js';
import { todo } from '../harness/look.js';
import { waitFor } from '../harness/wait.js';
import { expectCount, showRequest } from '../harness/labelled.js';

describe('1 · ListerWatcher: raw LIST and WATCH of ConfigMaps', () => {
  checkpoint(
    'list() returns every ConfigMap in the namespace, and the resourceVersion of the list',
    {
      expect: "list() returns the three ConfigMaps the test created, each with its namespace, apiVersion 'v1' and kind 'ConfigMap' (a LIST leaves those two out), and a non-empty list resourceVersion",
      look: todo('1.1'),
    },
    async () => {
      const ns = await testNamespace('lw-list');
      const core = adminCore();
      for (const name of ['cm-a', 'cm-b', 'cm-c']) await core.createNamespacedConfigMap({ namespace: ns, body: configMap(name) });
      const proxy = await startProxy();

      const result = await new ConfigMapListWatch(proxy.kubeConfig(), ns).list();

      const names = result.items.map((cm) => cm.metadata?.name).filter((n) => n?.startsWith('cm-')).sort();
      expect(names, 'names of the listed ConfigMaps').toEqual(['cm-a', 'cm-b', 'cm-c']);
      expect(result.items.every((cm) => cm.metadata?.namespace === ns), 'every item is from the namespace asked for').toBe(true);
      const ours = result.items.filter((cm) => cm.metadata?.name?.startsWith('cm-'));
      expect(
        ours.map((cm) => `${cm.apiVersion} ${cm.kind}`),
        "apiVersion and kind of each item: a LIST answer leaves them out, list() must set them to 'v1' and 'ConfigMap'",
      ).toEqual(['v1 ConfigMap', 'v1 ConfigMap', 'v1 ConfigMap']);
      expect(result.resourceVersion, 'the list resourceVersion').toMatch(/^\d+$/);
      expectCount('one LIST request for the namespace', proxy.find({ verb: 'list', resource: 'configmaps', namespace: ns }), 1, showRequest);
    },
  );

  checkpoint(
    'watch() from the list resourceVersion delivers ADDED, MODIFIED, DELETED in order, and nothing older',
    {
      expect: 'after list(), watch({ resourceVersion }) sends only later changes: ADDED, then MODIFIED, then DELETED for one ConfigMap, with rising resourceVersions',
      look: todo('1.2'),
    },
    async () => {
      const ns = await testNamespace('lw-watch');
      const core = adminCore();
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-before') });
      const proxy = await startProxy();
      const listWatch = new ConfigMapListWatch(proxy.kubeConfig(), ns);
      const { resourceVersion } = await listWatch.list();

      const events: WatchEvent<V1ConfigMap>[] = [];
      let closedWith: unknown = 'open';
      const handle = await listWatch.watch({ resourceVersion, allowWatchBookmarks: true }, (e) => events.push(e), (error) => (closedWith = error));
      try {
        await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-x', { v: '1' }) });
        await core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm-x', body: configMap('cm-x', { v: '2' }) });
        await core.deleteNamespacedConfigMap({ namespace: ns, name: 'cm-x' });

        const ours = () => events.filter((e) => e.type !== 'BOOKMARK' && e.object.metadata?.name?.startsWith('cm-'));
        await waitFor('three events for cm-x', () => ours().length >= 3, { lastSeen: () => ours().map((e) => `${e.type} ${e.object.metadata?.name}`) });
        expect(ours().map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(['ADDED cm-x', 'MODIFIED cm-x', 'DELETED cm-x']);
        expect(ours()[1]?.object.data, 'the MODIFIED event carries the new data').toEqual({ v: '2' });
        const rvs = ours().map((e) => Number(e.object.metadata?.resourceVersion));
        expect(rvs[0]! < rvs[1]! && rvs[1]! < rvs[2]!, `resourceVersions rise: ${rvs.join(' < ')}`).toBe(true);
        expect(closedWith, 'the watch is still open').toBe('open');

        const [watch] = proxy.find({ verb: 'watch', resource: 'configmaps', namespace: ns });
        expect(watch?.query.get('resourceVersion'), 'the watch starts at the list resourceVersion').toBe(resourceVersion);
        expect(watch?.query.get('allowWatchBookmarks'), 'the watch asks for bookmarks').toBe('true');
      } finally {
        handle.stop();
      }
    },
  );

  checkpoint(
    'watch() passes timeoutSeconds to the server and reports the normal close with no error',
    {
      expect: 'watch({ timeoutSeconds: 2 }) asks the server to end the stream after 2 s; onClose is then called once, with no error',
      look: todo('1.2', 'timeoutSeconds, onClose'),
    },
    async () => {
      const ns = await testNamespace('lw-timeout');
      const proxy = await startProxy();
      const listWatch = new ConfigMapListWatch(proxy.kubeConfig(), ns);
      const { resourceVersion } = await listWatch.list();
      const closes: unknown[] = [];
      const started = Date.now();
      await listWatch.watch({ resourceVersion, timeoutSeconds: 2 }, () => undefined, (error) => closes.push(error ?? 'normal'));
      await waitFor('the server to close the watch', () => closes.length > 0, { timeoutMs: 10_000 });
      expect(closes, 'onClose called once, with no error').toEqual(['normal']);
      expect(Date.now() - started, 'closed by the server after about 2 s, not at once').toBeGreaterThan(1_500);
      expect(proxy.find({ verb: 'watch', namespace: ns })[0]?.query.get('timeoutSeconds')).toBe('2');
    },
  );

  checkpoint(
    'watch() from a resourceVersion the server no longer has reports 410 Gone',
    {
      expect: 'a watch from a compacted resourceVersion ends with an error whose statusCode is 410 (sent as an HTTP status or as an ERROR event carrying a Status with code 410)',
      look: todo('1.2', 'errors'),
    },
    async (context) => {
      const { capabilities, provider } = clusterInfo();
      if (!capabilities.etcdUrl || !capabilities.uncachedServerUrl) {
        skipBecause(context, `a real 410 needs etcd compaction and an API server without watch cache; the ${provider} provider has neither (use envtest)`);
      }
      const ns = await testNamespace('lw-gone');
      const proxy = await startProxy({ upstream: 'uncached' });
      const listWatch = new ConfigMapListWatch(proxy.kubeConfig(), ns);
      const { resourceVersion } = await listWatch.list();
      // Two writes, so the revision right after the list is history too (compaction keeps the newest).
      await adminCore().createNamespacedConfigMap({ namespace: ns, body: configMap('cm-later-1') });
      await adminCore().createNamespacedConfigMap({ namespace: ns, body: configMap('cm-later-2') });
      await compactEtcd(capabilities.etcdUrl!);

      const events: WatchEvent<V1ConfigMap>[] = [];
      const closes: { statusCode?: number }[] = [];
      await listWatch.watch({ resourceVersion }, (e) => events.push(e), (error) => closes.push(error ?? {}));
      await waitFor('the watch to report 410', () => closes.length > 0 || events.some((e) => e.type === 'ERROR'), { timeoutMs: 10_000 });
      const errorEvent = events.find((e) => e.type === 'ERROR');
      const code = closes[0]?.statusCode ?? (errorEvent?.object as { code?: number } | undefined)?.code;
      expect(code, 'status code of the failed watch').toBe(410);
    },
  );
});
