import { CoordinationV1Api, V1MicroTime } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { InvalidLeaderElectionConfigError, jitterFactor, LeaderElector, LeaseLock } from '@stage/05-leader-election/index.js';
import { startProxy } from '../harness/api-proxy.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminKubeConfig, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';
import { candidate, fast, leaders, overlaps, readLease, type Term } from './fixture.js';

describe('5 · Leader election over a Lease', () => {
  checkpoint(
    'a bad configuration is a clear error, before any request',
    {
      expect: 'leaseDuration ≤ renewDeadline, renewDeadline ≤ 1.2 × retryPeriod, a fractional-second lease, or an empty identity each throw InvalidLeaderElectionConfigError naming the problem; no request is made',
      look: todo('5.1'),
    },
    async () => {
      const proxy = await startProxy();
      const lock = new LeaseLock(proxy.kubeConfig(), 'default', 'never-used');
      const callbacks = { onStartedLeading() {}, onStoppedLeading() {} };
      const bad = [
        [{ ...fast, renewDeadlineMs: 3_000 }, /leaseDuration/],
        [{ ...fast, retryPeriodMs: 1_800 }, /renewDeadline/],
        [{ ...fast, leaseDurationMs: 2_500 }, /whole seconds/],
        [{ ...fast, retryPeriodMs: 0 }, /retryPeriod/],
      ] as const;
      for (const [timings, message] of bad) {
        expect(() => new LeaderElector({ lock, identity: 'a', callbacks, ...timings }), JSON.stringify(timings)).toThrow(InvalidLeaderElectionConfigError);
        expect(() => new LeaderElector({ lock, identity: 'a', callbacks, ...timings }), JSON.stringify(timings)).toThrow(message);
      }
      expect(() => new LeaderElector({ lock, identity: '', callbacks, ...fast }), 'empty identity').toThrow(/identity/);
      await sleep(100);
      expect(proxy.requests, 'requests made').toHaveLength(0);
    },
  );

  checkpoint(
    'a lone candidate creates the Lease, leads, and keeps renewing it',
    {
      expect: 'the Lease names the candidate, with leaseDurationSeconds 3, acquireTime, renewTime and leaseTransitions 0; onStartedLeading and onNewLeader are called; renewTime moves forward while acquireTime stays',
      look: todo('5.2', '5.3'),
    },
    async () => {
      const ns = await testNamespace('le-lone');
      const terms: Term[] = [];
      const a = await candidate(ns, 'candidate-a', terms);
      await waitFor('candidate-a to lead', () => (a.check(), leaders(terms).includes('candidate-a')));
      expect(a.elector.isLeader(), 'isLeader()').toBe(true);
      expect(a.newLeaders, 'onNewLeader').toContain('candidate-a');
      const first = (await readLease(ns))!.spec!;
      expect(first.holderIdentity).toBe('candidate-a');
      expect(first.leaseDurationSeconds).toBe(3);
      expect(first.leaseTransitions ?? 0).toBe(0);
      expect(first.acquireTime, 'acquireTime').toBeTruthy();
      const renewed = (spec: NonNullable<Awaited<ReturnType<typeof readLease>>>['spec']) => new Date(spec!.renewTime!).getTime() > new Date(first.renewTime!).getTime();
      let later = first;
      await waitFor('renewTime to move forward (a renewal every 250 ms)', async () => renewed((later = (await readLease(ns))!.spec!)), { timeoutMs: 5_000, lastSeen: () => later });
      expect(new Date(later.acquireTime!).getTime(), 'acquireTime unchanged while renewing').toBe(new Date(first.acquireTime!).getTime());
    },
  );

  checkpoint(
    'three candidates: exactly one leads, the others follow it',
    { expect: 'for longer than the 3 s lease, exactly one candidate is leader at any time and it is the Lease\'s holder; the followers report it through onNewLeader', look: todo('5.2', 'a fresh lease held by another is not taken') },
    async () => {
      const ns = await testNamespace('le-three');
      const terms: Term[] = [];
      const all = await Promise.all(['candidate-a', 'candidate-b', 'candidate-c'].map((id) => candidate(ns, id, terms)));
      await waitFor('a leader', () => (all.forEach((c) => c.check()), leaders(terms).length > 0));
      // Longer than the lease plus a follower's longest retry wait (retryPeriod × 2.2): one that misjudged expiry would have taken over by now.
      await sleep(fast.leaseDurationMs + (1 + jitterFactor) * fast.retryPeriodMs + 200);
      expect(leaders(terms), 'leaders now').toHaveLength(1);
      expect(terms, 'terms: nobody took over from a healthy leader').toHaveLength(1);
      const leader = leaders(terms)[0]!;
      expect((await readLease(ns))?.spec?.holderIdentity, 'the Lease names the leader').toBe(leader);
      for (const c of all) expect(c.newLeaders, 'every candidate heard of the leader').toContain(leader);
      expect(all.filter((c) => c.elector.isLeader()), 'isLeader() true for exactly one').toHaveLength(1);
    },
  );

  checkpoint(
    'a lease held by someone else is respected for leaseDuration from when it was seen — not from its renewTime',
    {
      expect: 'a Lease held by "ghost" with a renewTime an hour old (another machine\'s clock): the candidate does not take it for 3 s after first seeing it, then takes it with leaseTransitions + 1',
      look: todo('5.2', 'observedTime on your own clock'),
    },
    async () => {
      const ns = await testNamespace('le-ghost');
      const hourAgo = new V1MicroTime(Date.now() - 3_600_000);
      await adminKubeConfig().makeApiClient(CoordinationV1Api).createNamespacedLease({
        namespace: ns,
        body: { metadata: { name: 'mirror-controller' }, spec: { holderIdentity: 'ghost', leaseDurationSeconds: 3, acquireTime: hourAgo, renewTime: hourAgo, leaseTransitions: 4 } },
      });
      const terms: Term[] = [];
      const started = Date.now();
      const a = await candidate(ns, 'candidate-a', terms);
      await sleep(2_000);
      expect(leaders(terms), 'leaders 2 s after first seeing a 3 s lease').toEqual([]);
      await waitFor('candidate-a to take the expired lease', () => (a.check(), leaders(terms).includes('candidate-a')), { timeoutMs: 6_000 });
      expect(terms[0]!.from - started, 'waited out the lease duration (ms)').toBeGreaterThanOrEqual(2_900);
      expect((await readLease(ns))?.spec?.leaseTransitions, 'leaseTransitions').toBe(5);
    },
  );
});
