import { describe, expect } from 'vitest';
import { DeletedFinalStateUnknown } from '@stage/01-list-watch/index.js';
import { startProxy } from '../harness/api-proxy.js';
import { checkpoint, skipBecause } from '../harness/checkpoint.js';
import { adminCore, clusterInfo, configMap, testNamespace } from '../harness/cluster.js';
import { compactEtcd } from '../../scripts/cluster/etcd.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';
import { describeEvents, startReflector } from './recorder.js';
import { RecordingClock } from './recording-clock.js';
import { expectCount, showRequest } from '../harness/labelled.js';
import { jsonLogger } from '@stage/00-common/logger.js';

describe('1 · Reflector: list, then watch, for as long as it runs', () => {
  checkpoint(
    'delivers the initial list as ADDED (isInInitialList) and only then reports hasSynced()',
    {
      expect: 'each existing ConfigMap arrives once as ADDED with isInInitialList=true; hasSynced() is false while they are delivered and turns true after the last one',
      look: todo('1.3'),
    },
    async () => {
      const ns = await testNamespace('rf-initial');
      const core = adminCore();
      for (const name of ['cm-a', 'cm-b']) await core.createNamespacedConfigMap({ namespace: ns, body: configMap(name) });
      const proxy = await startProxy();
      const { reflector, events, syncedDuringDelivery, check } = startReflector(proxy, ns);
      expect(reflector.hasSynced(), 'not synced before anything was listed').toBe(false);

      await waitFor('hasSynced()', () => (check(), reflector.hasSynced()));
      expect(describeEvents(events).sort()).toEqual(['ADDED cm-a', 'ADDED cm-b']);
      const askedDuringInitial = events.flatMap((e, i) => (e.type === 'ADDED' && e.isInInitialList ? [syncedDuringDelivery[i]] : []));
      expect(
        askedDuringInitial.map((synced) => (synced ? 'synced' : 'not synced')),
        'hasSynced() asked while each initial ADDED is delivered: set synced only after the last one, or a consumer trusts a cache that is still filling',
      ).toEqual(askedDuringInitial.map(() => 'not synced'));
      // Only our own objects: kube-root-ca.crt may be published into the new namespace after the list.
      const ours = events.filter((e) => e.type === 'ADDED' && e.object.metadata?.name?.startsWith('cm-'));
      expect(ours.every((e) => e.type === 'ADDED' && e.isInInitialList), 'every initial ADDED says isInInitialList').toBe(true);

      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-c') });
      await waitFor('the later ADDED of cm-c', () => describeEvents(events).includes('ADDED cm-c'), { lastSeen: () => describeEvents(events) });
      const later = events.find((e) => e.type === 'ADDED' && e.object.metadata?.name === 'cm-c');
      expect(later?.type === 'ADDED' && later.isInInitialList, 'an object created after the list is not in the initial list').toBe(false);
    },
  );

  checkpoint(
    'delivers changes in the order the server made them and tracks the latest resourceVersion',
    { expect: 'ADDED, MODIFIED, MODIFIED, DELETED in order, and lastSyncResourceVersion() equal to the resourceVersion of the last event', look: todo('1.4') },
    async () => {
      const ns = await testNamespace('rf-order');
      const core = adminCore();
      const proxy = await startProxy();
      const { reflector, events, check } = startReflector(proxy, ns);
      await waitFor('hasSynced()', () => (check(), reflector.hasSynced()));

      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-x', { v: '1' }) });
      await core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm-x', body: configMap('cm-x', { v: '2' }) });
      await core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm-x', body: configMap('cm-x', { v: '3' }) });
      const deleted = await core.deleteNamespacedConfigMap({ namespace: ns, name: 'cm-x' });

      await waitFor('four events', () => describeEvents(events).length >= 4, { lastSeen: () => describeEvents(events) });
      expect(describeEvents(events)).toEqual(['ADDED cm-x', 'MODIFIED cm-x', 'MODIFIED cm-x', 'DELETED cm-x']);
      const last = events.at(-1)!;
      const lastRv = last.object instanceof DeletedFinalStateUnknown ? undefined : last.object.metadata?.resourceVersion;
      expect(reflector.lastSyncResourceVersion(), 'lastSyncResourceVersion() after the DELETED event').toBe(lastRv);
      expect(deleted).toBeDefined();
    },
  );

  checkpoint(
    'moves its resourceVersion forward on BOOKMARK events, which carry no object change',
    {
      expect: 'after a bookmark, lastSyncResourceVersion() is at least the resourceVersion of a change made in another namespace, with no event delivered for it',
      look: todo('1.4', 'BOOKMARK'),
    },
    async () => {
      const ns = await testNamespace('rf-bookmark');
      const elsewhere = await testNamespace('rf-bookmark-other');
      const proxy = await startProxy();
      // The API server sends a bookmark shortly before it closes a watch on timeout.
      const { reflector, events, check } = startReflector(proxy, ns, { watchTimeoutSeconds: 4 });
      await waitFor('hasSynced()', () => (check(), reflector.hasSynced()));
      const other = await adminCore().createNamespacedConfigMap({ namespace: elsewhere, body: configMap('cm-elsewhere') });
      const target = Number(other.metadata?.resourceVersion);

      await waitFor(
        `lastSyncResourceVersion() to reach ${target} through a bookmark`,
        () => Number(reflector.lastSyncResourceVersion()) >= target,
        { timeoutMs: 20_000, lastSeen: () => reflector.lastSyncResourceVersion() },
      );
      expect(describeEvents(events), 'a bookmark is not an object event').toEqual([]);
    },
    30_000,
  );

  checkpoint(
    're-watches from the last resourceVersion when the server closes the watch — no relist, nothing twice',
    {
      expect: 'after each server-side timeout a new WATCH starts at lastSyncResourceVersion(); there is exactly one LIST and each ConfigMap is ADDED exactly once',
      look: todo('1.5'),
    },
    async () => {
      const ns = await testNamespace('rf-rewatch');
      const core = adminCore();
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-a') });
      const proxy = await startProxy();
      const { reflector, events, check } = startReflector(proxy, ns, { watchTimeoutSeconds: 1 });
      await waitFor('hasSynced()', () => (check(), reflector.hasSynced()));
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-b') });

      const watches = () => proxy.find({ verb: 'watch', resource: 'configmaps', namespace: ns });
      await waitFor('three watches (two server-side timeouts)', () => watches().length >= 3, { timeoutMs: 15_000, lastSeen: () => watches().length });
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-c') });
      await waitFor('ADDED cm-c', () => describeEvents(events).includes('ADDED cm-c'), { lastSeen: () => describeEvents(events) });

      expectCount('LIST requests', proxy.find({ verb: 'list', resource: 'configmaps', namespace: ns }), 1, showRequest);
      expect(describeEvents(events).sort(), 'each ConfigMap ADDED once').toEqual(['ADDED cm-a', 'ADDED cm-b', 'ADDED cm-c']);
      const starts = watches().map((w) => Number(w.query.get('resourceVersion')));
      expect(starts.every((rv, i) => i === 0 || rv >= starts[i - 1]!), `each watch starts at or after the previous one: ${starts.join(', ')}`).toBe(true);
    },
  );

  checkpoint(
    'resumes by itself after a network outage, from where it was, without relisting',
    {
      expect: 'changes made while the network was down arrive after it comes back, in order, with no second LIST; the failed watch is logged at the level a user runs (info: an error or info line, not debug)',
      look: todo('1.6'),
    },
    async () => {
      const ns = await testNamespace('rf-outage');
      const core = adminCore();
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-a', { v: '1' }) });
      const proxy = await startProxy();
      const clock = new RecordingClock();
      // What a user running at the default level (info) would read.
      const logged: string[] = [];
      const { reflector, events, check } = startReflector(proxy, ns, { clock, log: jsonLogger({ level: 'info', write: (line) => void logged.push(line) }) });
      await waitFor('hasSynced()', () => (check(), reflector.hasSynced()));
      await waitFor('the watch to be open', () => proxy.find({ verb: 'watch', namespace: ns }).length > 0);

      const loggedBefore = logged.length;
      proxy.cut();
      await core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm-a', body: configMap('cm-a', { v: '2' }) });
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-b') });
      // The reflector waits out a backoff on its clock; the outage ends, then so does the wait.
      await waitFor('a backoff wait timed with options.clock (this.clock.setTimer), as TODO 1.6 says', () => (check(), clock.pending() > 0), {
        lastSeen: () => ({ waitsAskedFor: clock.delays.map(Math.round) }),
      });
      expect(logged.length - loggedBefore, 'lines logged at the default level (info) once the watch failed: log the failure with this.log.error (or info) — at debug a user never sees the outage').toBeGreaterThan(0);
      proxy.restore();
      clock.step(clock.delays.at(-1)!);

      await waitFor('the changes made during the outage', () => describeEvents(events).includes('ADDED cm-b'), {
        timeoutMs: 20_000,
        lastSeen: () => describeEvents(events),
      });
      expectCount('LIST requests: after an outage, watch again from lastSyncResourceVersion() — a second LIST means a relist', proxy.find({ verb: 'list', resource: 'configmaps', namespace: ns }), 1, showRequest);
      expect(describeEvents(events), 'events delivered, in order').toEqual(['ADDED cm-a', 'MODIFIED cm-a', 'ADDED cm-b']);
    },
  );

  checkpoint(
    'on 410 Gone relists: what vanished arrives as a DeletedFinalStateUnknown tombstone, what changed as MODIFIED',
    {
      expect:
        'after the server forgot the history (etcd compacted during an outage), the reflector LISTs again, then delivers DELETED with a DeletedFinalStateUnknown holding the last known object, MODIFIED for changed ones, ADDED for new ones',
      look: todo('1.7'),
    },
    async (context) => {
      const { capabilities, provider } = clusterInfo();
      if (!capabilities.etcdUrl || !capabilities.uncachedServerUrl) {
        skipBecause(context, `a real 410 needs etcd compaction and an API server without watch cache; the ${provider} provider has neither (use envtest)`);
      }
      const ns = await testNamespace('rf-gone');
      const core = adminCore();
      for (const name of ['cm-keep', 'cm-change', 'cm-vanish']) await core.createNamespacedConfigMap({ namespace: ns, body: configMap(name, { v: '1' }) });
      // Watches through this API server are served by etcd itself, so compaction really expires them.
      const proxy = await startProxy({ upstream: 'uncached' });
      const { reflector, events, check } = startReflector(proxy, ns);
      await waitFor('hasSynced()', () => (check(), reflector.hasSynced()));

      proxy.cut();
      await core.deleteNamespacedConfigMap({ namespace: ns, name: 'cm-vanish' });
      await core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm-change', body: configMap('cm-change', { v: '2' }) });
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm-new') });
      await compactEtcd(capabilities.etcdUrl!);
      proxy.restore();

      await waitFor('the relist after 410', () => describeEvents(events).length >= 6, { timeoutMs: 20_000, lastSeen: () => describeEvents(events) });
      expectCount('a second LIST after 410', proxy.find({ verb: 'list', resource: 'configmaps', namespace: ns }), 2, showRequest);
      const after = describeEvents(events).slice(3).sort();
      expect(after).toEqual(['ADDED cm-new', 'DELETED? cm-vanish', 'MODIFIED cm-change']);
      const tombstone = events.find((e) => e.type === 'DELETED')?.object;
      expect(tombstone, 'the deletion is a DeletedFinalStateUnknown').toBeInstanceOf(DeletedFinalStateUnknown);
      const { key, obj } = tombstone as DeletedFinalStateUnknown<{ metadata?: { name?: string }; data?: Record<string, string> }>;
      expect(key, 'tombstone key is namespace/name').toBe(`${ns}/cm-vanish`);
      expect(obj.data, 'tombstone carries the last known object').toEqual({ v: '1' });
    },
    40_000,
  );

  checkpoint(
    'backs off between failed attempts — 800 ms, then doubling, each wait with jitter — and starts again from 800 ms once it works',
    {
      expect:
        'while the API server is unreachable, the waits the reflector asks its clock for are 0.8–1.6 s, 1.6–3.2 s, 3.2–6.4 s, 6.4–12.8 s, 12.8–25.6 s (each one twice the one before, plus a random part); after the outage it works again, and the next outage starts again at 0.8–1.6 s',
      look: todo('1.6', 'backoff'),
    },
    async () => {
      const ns = await testNamespace('rf-backoff');
      const proxy = await startProxy();
      // Time moves only when the checkpoint steps it: each wait is read exactly, none is slept through.
      const clock = new RecordingClock();
      const { reflector, events, check } = startReflector(proxy, ns, { clock });
      await waitFor('hasSynced()', () => (check(), reflector.hasSynced()));
      await waitFor('the watch to be open', () => proxy.find({ verb: 'watch', namespace: ns }).length > 0);

      /** Waits for the reflector to ask the clock for its next wait, then lets that wait pass. */
      const nextWait = async (what: string): Promise<number> => {
        const asked = clock.delays.length;
        await waitFor(`${what}: a backoff wait timed with options.clock (this.clock.setTimer), as TODO 1.6 says`, () => (check(), clock.delays.length > asked), {
          timeoutMs: 10_000,
          lastSeen: () => ({ waitsAskedFor: clock.delays.map(Math.round), timersPending: clock.pending() }),
        });
        const delay = clock.delays.at(-1)!;
        clock.step(delay);
        return delay;
      };

      proxy.cut(); // The open watch breaks now; every retry is refused until restore().
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 5; attempt++) waits.push(await nextWait(`failure ${attempt} in a row`));
      const bases = [800, 1600, 3200, 6400, 12_800];
      const shown = waits.map(Math.round).join(', ');
      expect(
        waits.map((w, i) => (w >= bases[i]! && w <= 2 * bases[i]! ? 'in range' : `${Math.round(w)} ms is outside ${bases[i]}–${2 * bases[i]!} ms`)),
        `each wait doubles: 800 ms × 2^n plus up to as much again (waits ms: ${shown})`,
      ).toEqual(bases.map(() => 'in range'));
      const jitter = waits.map((w, i) => w / bases[i]! - 1);
      const spread = Math.max(...jitter) - Math.min(...jitter) > 0.01 ? 'a random part in each wait' : 'every wait the same share above 800 ms × 2^n';
      expect(spread, `jitter: clients that failed together must not retry together (waits ms: ${shown})`).toBe('a random part in each wait');

      // The retry after the fifth wait is refused too: let its wait be asked for, then end the outage and let it pass.
      await waitFor('the sixth wait', () => (check(), clock.delays.length > waits.length), { timeoutMs: 10_000, lastSeen: () => clock.delays.map(Math.round) });
      proxy.restore();
      clock.step(clock.delays.at(-1)!);
      await adminCore().createNamespacedConfigMap({ namespace: ns, body: configMap('cm-after') });
      await waitFor('ADDED cm-after, once the network is back', () => describeEvents(events).includes('ADDED cm-after'), { timeoutMs: 20_000, lastSeen: () => describeEvents(events) });

      const asked = clock.delays.length;
      proxy.cut();
      const first = await nextWait('a new outage');
      proxy.restore();
      expect(first, `the first wait of a new outage, after things worked again: backoff.reset() (waits ms: ${clock.delays.slice(asked).map(Math.round).join(', ')})`).toBeLessThanOrEqual(1600);
    },
    40_000,
  );

  checkpoint(
    'stop() ends run() at once, even in the middle of a backoff wait, and leaves no timer, connection or request behind',
    {
      expect: 'stop() during a backoff wait (the clock does not move, so the wait never ends by itself) settles run() without waiting it out; afterwards no timer is left on the clock, no connection is open, and no request follows',
      look: todo('1.8'),
    },
    async () => {
      const ns = await testNamespace('rf-stop');
      const proxy = await startProxy();
      const clock = new RecordingClock();
      const { reflector, check, done } = startReflector(proxy, ns, { clock });
      await waitFor('hasSynced()', () => (check(), reflector.hasSynced()));
      await waitFor('the watch to be open', () => proxy.find({ verb: 'watch', namespace: ns }).length > 0);

      // Cut the network and wait until the reflector sits in a backoff wait. Time stands still, so only stop() can end it.
      proxy.cut();
      await waitFor('a backoff wait timed with options.clock (this.clock.setTimer), as TODO 1.6 says', () => (check(), clock.pending() > 0), {
        lastSeen: () => ({ waitsAskedFor: clock.delays.map(Math.round) }),
      });
      proxy.restore();

      let settled = false;
      void done.then(() => (settled = true));
      const stopping = reflector.stop();
      await waitFor('run() to return after stop(), with the backoff wait not over: stop() must cut the wait short', () => settled, {
        timeoutMs: 5_000,
        lastSeen: () => ({ timersPending: clock.pending() }),
      });
      await stopping;
      expect(clock.pending(), 'timers left on the clock after stop(): cancel the backoff timer, do not only resolve the wait').toBe(0);

      // Even if time now moves on, nothing may happen any more.
      const requestsAtStop = proxy.requests.length;
      const attemptsAtStop = proxy.connectionAttempts.length;
      clock.step(120_000);
      await sleep(300);
      expect(proxy.openConnections(), 'open connections after stop()').toBe(0);
      expect(proxy.requests.length - requestsAtStop, 'requests after stop()').toBe(0);
      expect(proxy.connectionAttempts.length - attemptsAtStop, 'connection attempts after stop()').toBe(0);
    },
  );
});
