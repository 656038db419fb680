import { CoordinationV1Api, V1MicroTime } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { InvalidLeaderElectionConfigError, jitterFactor, LeaderElector, LeaseLock } from '@stage/05-leader-election/index.js';
import { startProxy } from '../harness/api-proxy.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminKubeConfig, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';
import { ElectionClock } from './election-clock.js';
import { candidate, fast, leaders, readLease, takeLease, type Term } from './fixture.js';

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
      expect: 'the Lease names the candidate, with leaseDurationSeconds 3, acquireTime, renewTime and leaseTransitions 0; onStartedLeading and onNewLeader are called; on a fake clock moved 2.5 s (past the 2 s renew deadline) in 250 ms steps it renews at each: renewTime moves forward while acquireTime stays, and isLeaderNow() is still true',
      look: todo('5.2', 'this.renewedAt set on every successful renewal', '5.3', '5.5'),
    },
    async () => {
      const ns = await testNamespace('le-lone');
      const terms: Term[] = [];
      const clock = new ElectionClock();
      const a = await candidate(ns, 'candidate-a', terms, { clock });
      await waitFor('candidate-a to lead', () => (a.check(), leaders(terms).includes('candidate-a')));
      expect(a.elector.isLeader(), 'isLeader()').toBe(true);
      expect(a.newLeaders, 'onNewLeader').toContain('candidate-a');
      const first = (await readLease(ns))!.spec!;
      expect(first.holderIdentity).toBe('candidate-a');
      expect(first.leaseDurationSeconds).toBe(3);
      expect(first.leaseTransitions ?? 0).toBe(0);
      expect(first.acquireTime, 'acquireTime').toBeTruthy();
      for (let step = 0; step < 10; step++) await clock.advance(fast.retryPeriodMs);
      a.check();
      const later = (await readLease(ns))!.spec!;
      expect(later.holderIdentity, 'the holder after 2.5 s of renewals on the fake clock').toBe('candidate-a');
      const renewals = a.proxy.find({ verb: 'update', resource: 'leases' }).map((r) => r.status ?? 'no answer');
      const statuses = [...new Set(renewals)].map((status) => `${status} ×${renewals.filter((s) => s === status).length}`).join(', ') || 'none';
      expect(new Date(later.renewTime!).getTime() - new Date(first.renewTime!).getTime(), `ms the Lease's renewTime moved in 2.5 s of renewals every 250 ms (0: none took; the Lease updates were answered ${statuses} — an update carries the resourceVersion it read)`).toBeGreaterThan(0);
      expect(new Date(later.acquireTime!).getTime(), 'acquireTime unchanged while renewing').toBe(new Date(first.acquireTime!).getTime());
      expect(terms, 'terms: the lone leader never stepped down while its renewals succeeded').toHaveLength(1);
      expect(a.elector.isLeaderNow(), 'isLeaderNow() 2.5 s after acquiring, renewing every 250 ms: each successful renewal sets this.renewedAt (when it started, on this.clock)').toBe(true);
    },
  );

  checkpoint(
    'three candidates: exactly one leads, the others follow it',
    { expect: 'on a fake clock moved in 250 ms steps for longer than the 3 s lease, exactly one candidate is leader at any time and it is the Lease\'s holder; the followers report it through onNewLeader', look: todo('5.2', 'a fresh lease held by another is not taken') },
    async () => {
      const ns = await testNamespace('le-three');
      const terms: Term[] = [];
      const clock = new ElectionClock();
      const all = await Promise.all(['candidate-a', 'candidate-b', 'candidate-c'].map((id) => candidate(ns, id, terms, { clock })));
      await waitFor('a leader', () => (all.forEach((c) => c.check()), leaders(terms).length > 0));
      // Longer than the lease plus a follower's longest retry wait (retryPeriod × 2.2): one that misjudged expiry would have taken over by now.
      const watchMs = fast.leaseDurationMs + (1 + jitterFactor) * fast.retryPeriodMs + 200;
      for (let moved = 0; moved < watchMs; moved += fast.retryPeriodMs) await clock.advance(fast.retryPeriodMs);
      all.forEach((c) => c.check());
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
      expect: 'a Lease held by "ghost" with a renewTime an hour old (another machine\'s clock): on a fake clock, the candidate does not take it in the 3 s after first seeing it (still not at 2999 ms), then takes it with leaseTransitions + 1',
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
      const clock = new ElectionClock();
      const a = await candidate(ns, 'candidate-a', terms, { clock });
      // Its first try reads the Lease at once: that is when it first sees it, at 0 ms on the fake clock.
      await waitFor('candidate-a to read the Lease', () => (a.check(), a.newLeaders.includes('ghost')), { lastSeen: () => a.newLeaders });
      while (clock.now() + fast.retryPeriodMs < fast.leaseDurationMs) await clock.advance(fast.retryPeriodMs);
      await clock.advance(fast.leaseDurationMs - 1 - clock.now());
      expect(leaders(terms), `leaders at ${clock.now()} ms on the elector's clock after first seeing a 3 s lease: judge expiry from when you saw the record change, on this.clock — never from its renewTime`).toEqual([]);
      await clock.advanceUntil('candidate-a to take the lease once 3 s had passed on its own clock (this.clock.now()) since it first saw it', () => (a.check(), leaders(terms).includes('candidate-a')), { stepMs: fast.retryPeriodMs, limitMs: 3_000 });
      expect(terms[0]!.from, 'fake ms from first seeing the Lease to taking it: at least the 3 s lease').toBeGreaterThanOrEqual(fast.leaseDurationMs);
      expect((await readLease(ns))?.spec?.leaseTransitions, 'leaseTransitions').toBe(5);
    },
  );

  checkpoint(
    'a follower retries at jittered intervals, retryPeriod × [1, 2.2) — not in step with the others',
    {
      expect: 'a candidate follows a Lease that another holder keeps renewing; on a fake clock, over 20 retries each wait it asks for lies in [250, 550) ms for a 250 ms retry period, and they differ (client-go\'s wait.Jitter(retryPeriod, 1.2))',
      look: todo('5.3', 'acquire: sleep jittered(retryPeriodMs) between tries'),
    },
    async () => {
      const ns = await testNamespace('le-jitter');
      const now = new V1MicroTime(Date.now());
      await adminKubeConfig().makeApiClient(CoordinationV1Api).createNamespacedLease({
        namespace: ns,
        body: { metadata: { name: 'mirror-controller' }, spec: { holderIdentity: 'other', leaseDurationSeconds: 3, acquireTime: now, renewTime: now, leaseTransitions: 1 } },
      });
      const terms: Term[] = [];
      const clock = new ElectionClock();
      const a = await candidate(ns, 'candidate-a', terms, { clock });
      await waitFor('candidate-a to read the Lease', () => (a.check(), a.newLeaders.includes('other')), { lastSeen: () => a.newLeaders });
      await clock.advance(0);
      const longest = (1 + jitterFactor) * fast.retryPeriodMs;
      for (let retry = 0; retry < 20; retry++) {
        await takeLease(ns, 'other'); // the holder renews: the follower keeps following
        await clock.advance(longest); // longer than any jittered wait: exactly one retry
      }
      a.check();
      expect(leaders(terms), 'leaders: the Lease was renewed by its holder all along').toEqual([]);
      const waits = clock.asked;
      expect(waits.length, `waits asked for over 20 retries: ${JSON.stringify(waits)}`).toBeGreaterThanOrEqual(20);
      expect(waits.filter((ms) => ms < fast.retryPeriodMs || ms >= longest), `waits outside [${fast.retryPeriodMs}, ${longest}) ms: a follower sleeps jittered(retryPeriodMs), on this.sleep`).toEqual([]);
      expect(Math.max(...waits) - Math.min(...waits), `spread of the waits ${JSON.stringify(waits)} (ms): every wait the same is not jittered — candidates that started together would retry together forever`).toBeGreaterThan(fast.retryPeriodMs * 0.3);
    },
  );
});
