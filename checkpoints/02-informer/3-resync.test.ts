import { describe, expect } from 'vitest';
import { startProxy } from '../harness/api-proxy.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminCore, configMap, testNamespace } from '../harness/cluster.js';
import { FakeClock } from '../harness/fake-clock.js';
import { todo } from '../harness/look.js';
import { waitFor } from '../harness/wait.js';
import { recordingHandler, startInformer, type Seen } from './recording-handler.js';
import { expectCount, showRequest } from '../harness/labelled.js';

/**
 * Resync is timed on the informer's clock. These checkpoints hand it a fake
 * one and move time by hand: each resync is expected exactly when it is due,
 * and none of them waits for real seconds. The API server still fills the cache.
 */
async function moveClock(clock: FakeClock, ms: number): Promise<void> {
  clock.step(ms);
  // Handlers are called from each listener's own queue, drained after the current task.
  await new Promise((resolve) => setImmediate(resolve));
}

const resyncs = (seen: Seen[]) => seen.filter((s) => s.kind === 'update');

describe('2 · Resync: the reminder, not a relist', () => {
  checkpoint(
    'every resync period each cached object is re-delivered as onUpdate(o, o) with the same resourceVersion — per handler, 0 disables',
    {
      expect: 'on a fake clock, with a 1 s default resync: nothing at 999 ms; onUpdate(cm-a, cm-a) with oldRv === newRv at 1000, 2000 and 3000 ms; a handler asking for 300 ms is raised to 1 s; one with 2.5 s resyncs once by 3000 ms; one with period 0 never; no extra LIST is made',
      look: todo('2.8'),
    },
    async () => {
      const ns = await testNamespace('inf-resync');
      await adminCore().createNamespacedConfigMap({ namespace: ns, body: configMap('cm-a') });
      const proxy = await startProxy();
      const clock = new FakeClock();
      const { informer, run, check } = startInformer(proxy, ns, { defaultResyncMs: 1000, clock });
      const byDefault = recordingHandler();
      const quiet = recordingHandler();
      const eager = recordingHandler();
      const slow = recordingHandler();
      informer.addEventHandler(byDefault.handler);
      informer.addEventHandler(quiet.handler, 0);
      informer.addEventHandler(eager.handler, 300);
      informer.addEventHandler(slow.handler, 2500);
      run();
      await waitFor('hasSynced() and the initial add delivered', () => (check(), informer.hasSynced() && byDefault.names().includes('add cm-a')), { lastSeen: byDefault.names });
      const rv = informer.getIndexer().getByKey(`${ns}/cm-a`)?.metadata?.resourceVersion;

      await moveClock(clock, 999);
      expect(byDefault.names(), 'after the fake clock moved 999 ms (the default period is 1000 ms)').toEqual(['add cm-a']);
      expect(eager.names(), 'after 999 ms, a handler that asked for 300 ms: client-go raises any period under 1 s to 1 s').toEqual(['add cm-a']);
      await moveClock(clock, 1);
      expect(resyncs(byDefault.seen), 'resyncs once the fake clock reached 1000 ms — time the resync with this.clock (now() and setTimer), never Date.now or setTimeout: the checkpoint moves a fake clock').toHaveLength(1);
      expect(resyncs(eager.seen), 'resyncs at 1000 ms of the handler that asked for 300 ms (raised to 1 s)').toHaveLength(1);
      await moveClock(clock, 1000);
      expect(resyncs(byDefault.seen), 'resyncs at 2000 ms: after each resync, arm the timer again for the next handler due').toHaveLength(2);
      expect(resyncs(slow.seen), 'resyncs at 2000 ms of the handler with a 2.5 s period (its own period, not the default)').toEqual([]);
      await moveClock(clock, 1000);
      expect(resyncs(byDefault.seen), 'resyncs at 3000 ms').toHaveLength(3);
      expect(resyncs(slow.seen), 'resyncs at 3000 ms of the handler with a 2.5 s period').toHaveLength(1);

      const all = [...resyncs(byDefault.seen), ...resyncs(eager.seen), ...resyncs(slow.seen)];
      expect(all.filter((u) => u.name !== 'cm-a' || u.rv !== rv || u.oldRv !== rv), 'resyncs that were not onUpdate(cm-a, cm-a) at the cached resourceVersion').toEqual([]);
      expect(quiet.names(), 'the handler with resync 0').toEqual(['add cm-a']);
      expectCount('resync reads the cache: still one LIST', proxy.find({ verb: 'list', namespace: ns }), 1, showRequest);
    },
  );

  checkpoint(
    'after stop() no resync fires, not even for a handler added after stop()',
    {
      expect: 'on a fake clock, with a 1 s resync: one resync at 1000 ms, then stop() → no timer is left on the clock, and none is armed by a handler added after stop(); while the clock moves 5 s further no handler gets another onUpdate',
      look: todo('2.7', 'stop the resync timer'),
    },
    async () => {
      const ns = await testNamespace('inf-resync-stop');
      await adminCore().createNamespacedConfigMap({ namespace: ns, body: configMap('cm-a') });
      const proxy = await startProxy();
      const clock = new FakeClock();
      const { informer, run, check } = startInformer(proxy, ns, { defaultResyncMs: 1000, clock });
      const resyncing = recordingHandler();
      informer.addEventHandler(resyncing.handler);
      run();
      await waitFor('hasSynced() and the initial add delivered', () => (check(), informer.hasSynced() && resyncing.names().includes('add cm-a')), { lastSeen: resyncing.names });
      await moveClock(clock, 1000);
      expect(resyncs(resyncing.seen), 'a first resync at 1000 ms, before stop() (TODO 2.8)').toHaveLength(1);
      await informer.stop();
      expect(clock.pending(), 'timers left on the informer\'s clock after stop(): stop() must cancel the resync timer').toBe(0);
      await moveClock(clock, 0); // a notification already handed to the listener may still arrive
      const before = resyncing.names();
      const late = recordingHandler();
      informer.addEventHandler(late.handler, 1000);
      expect(clock.pending(), 'timers on the informer\'s clock after addEventHandler on a stopped informer: nothing may arm the resync timer again after stop()').toBe(0);
      await moveClock(clock, 5000);
      expect(resyncing.names(), 'a stopped informer resynced again: stop() must cancel the resync timer, and nothing may arm it again afterwards — not even addEventHandler').toEqual(before);
      expect(resyncs(late.seen), 'a handler added after stop() must not start the resync timer again').toEqual([]);
    },
  );
});
