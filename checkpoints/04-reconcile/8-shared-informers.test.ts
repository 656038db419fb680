import { describe, expect, onTestFinished } from 'vitest';
import { SharedInformerFactory, stripManagedFields } from '@stage/02-informer/index.js';
import { checkpoint } from '../harness/checkpoint.js';
import { testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { hasData, mirrorWorld, source, startController, waitForConfigMap } from './fixture.js';

describe('4 · Controllers that share their informers', () => {
  checkpoint(
    'two controllers given one informer factory share one cache: one LIST and one WATCH of ConfigMaps',
    {
      expect: 'two MirrorControllers (two prefixes) given the same SharedInformerFactory as options.informers both mirror the source, while the proxy sees one LIST and one WATCH of configmaps; after one stops, the other still mirrors an edit (the shared informers keep running)',
      look: todo('4.1', 'the informers come from options.informers when given'),
    },
    async () => {
      const { prefix, core, sourceNs, targetNs, proxy } = await mirrorWorld(['a']);
      // Not a prefix of the first one's namespaces, nor the other way round.
      const otherPrefix = prefix.replace(/-$/, 'z-');
      const otherNs = await testNamespace('z', { name: `${otherPrefix}a` });
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: source('cm-shared', { v: '1' }) });
      const informers = new SharedInformerFactory(proxy.kubeConfig(), { transform: stripManagedFields });
      onTestFinished(() => informers.shutdown());
      const first = startController(proxy, { prefix }, { informers });
      const second = startController(proxy, { prefix: otherPrefix }, { informers });
      await waitForConfigMap(core, targetNs[0]!, 'cm-shared', 'to be mirrored by the first controller', hasData({ v: '1' }), first.check);
      await waitForConfigMap(core, otherNs, 'cm-shared', 'to be mirrored by the second controller', hasData({ v: '1' }), second.check);
      expect(proxy.find({ verb: 'list', resource: 'configmaps' }).length, 'LISTs of configmaps made by two controllers on one factory').toBe(1);
      expect(proxy.find({ verb: 'watch', resource: 'configmaps' }).length, 'WATCHes of configmaps made by two controllers on one factory').toBe(1);
      await first.stop();
      await core.replaceNamespacedConfigMap({ namespace: sourceNs, name: 'cm-shared', body: source('cm-shared', { v: '2' }) });
      await waitForConfigMap(core, otherNs, 'cm-shared', 'to follow the edit after the first controller stopped (it must leave shared informers running)', hasData({ v: '2' }), second.check);
    },
  );
});
