import { describe, expect } from 'vitest';
import { startProxy } from '../harness/api-proxy.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminCore, configMap, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';
import { recordingHandler, startInformer } from './recording-handler.js';

describe('2 · Resync: the reminder, not a relist', () => {
  checkpoint(
    'every resync period each cached object is re-delivered as onUpdate(o, o) with the same resourceVersion — per handler, 0 disables',
    {
      expect: 'with a 1 s resync, a handler sees onUpdate for cm-a again and again with oldRv === newRv; a handler registered with period 0 sees none; no extra LIST is made',
      look: todo('2.8'),
    },
    async () => {
      const ns = await testNamespace('inf-resync');
      await adminCore().createNamespacedConfigMap({ namespace: ns, body: configMap('cm-a') });
      const proxy = await startProxy();
      const { informer, run, check } = startInformer(proxy, ns, { resyncPeriodMs: 1000 });
      const resyncing = recordingHandler();
      const quiet = recordingHandler();
      informer.addEventHandler(resyncing.handler);
      informer.addEventHandler(quiet.handler, 0);
      run();
      await waitFor('hasSynced()', () => (check(), informer.hasSynced()));
      const rv = informer.getIndexer().getByKey(`${ns}/cm-a`)?.metadata?.resourceVersion;
      await waitFor('two resyncs', () => resyncing.seen.filter((s) => s.kind === 'update').length >= 2, { timeoutMs: 10_000, lastSeen: resyncing.names });
      const updates = resyncing.seen.filter((s) => s.kind === 'update');
      expect(updates.every((u) => u.rv === rv && u.oldRv === rv), 'same object, same resourceVersion').toBe(true);
      await sleep(300);
      expect(quiet.names(), 'the handler with resync 0').toEqual(['add cm-a']);
      expect(proxy.find({ verb: 'list', namespace: ns }), 'resync reads the cache: still one LIST').toHaveLength(1);
    },
    30_000,
  );

  checkpoint(
    'after stop() no resync fires, not even for a handler added after stop()',
    {
      expect: 'with a 1 s resync: one resync seen, then stop() → during the next 2.5 s no handler gets another onUpdate, and a handler added after stop() gets no resync either',
      look: todo('2.7', 'stop the resync timer'),
    },
    async () => {
      const ns = await testNamespace('inf-resync-stop');
      await adminCore().createNamespacedConfigMap({ namespace: ns, body: configMap('cm-a') });
      const proxy = await startProxy();
      const { informer, run, check } = startInformer(proxy, ns, { resyncPeriodMs: 1000 });
      const resyncing = recordingHandler();
      informer.addEventHandler(resyncing.handler);
      run();
      await waitFor('hasSynced()', () => (check(), informer.hasSynced()));
      await waitFor('a first resync', () => resyncing.seen.some((s) => s.kind === 'update'), { timeoutMs: 10_000, lastSeen: resyncing.names });
      await informer.stop();
      await sleep(50); // a notification already handed to the listener may still arrive
      const before = resyncing.names();
      const late = recordingHandler();
      informer.addEventHandler(late.handler, 1000);
      await sleep(2500);
      expect(resyncing.names(), 'a stopped informer resynced again: stop() must clear the resync timer, and nothing may arm it again afterwards — not even addEventHandler').toEqual(before);
      expect(late.seen.filter((s) => s.kind === 'update'), 'a handler added after stop() must not start the resync timer again').toEqual([]);
    },
    30_000,
  );
});
