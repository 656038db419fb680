import { describe, expect } from 'vitest';
import { checkpoint } from '../harness/checkpoint.js';
import { testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { waitFor } from '../harness/wait.js';
import { ElectionClock } from './election-clock.js';
import { candidate, fast, leaders, overlaps, readLease, type Term } from './fixture.js';

/** A leader and a follower that has seen it, each through its own proxy; on `clock` if given. */
async function leaderAndFollower(purpose: string, clock?: ElectionClock) {
  const ns = await testNamespace(purpose);
  const terms: Term[] = [];
  const a = await candidate(ns, 'candidate-a', terms, { clock });
  await waitFor('candidate-a to lead', () => (a.check(), leaders(terms).includes('candidate-a')));
  const b = await candidate(ns, 'candidate-b', terms, { clock });
  await waitFor('candidate-b to follow', () => (b.check(), b.newLeaders.includes('candidate-a')));
  return { a, b, terms };
}

describe('5 · Leader election: handing over', () => {
  checkpoint(
    'stop() with releaseOnCancel hands over at once, not after the lease expires',
    {
      expect: 'with a 10 s lease, the leader stops; onStoppedLeading is called; the Lease is cleared; the follower leads before the 10 s lease could have run out (without the release it must wait it out); leaseTransitions is 1',
      look: todo('5.4'),
    },
    async () => {
      const ns = await testNamespace('le-release');
      const terms: Term[] = [];
      const slow = { leaseDurationMs: 10_000, renewDeadlineMs: 5_000, retryPeriodMs: 250, releaseOnCancel: true };
      const a = await candidate(ns, 'candidate-a', terms, slow);
      await waitFor('candidate-a to lead', () => (a.check(), leaders(terms).includes('candidate-a')));
      const b = await candidate(ns, 'candidate-b', terms, slow);
      await waitFor('candidate-b to see the leader', () => (b.check(), b.newLeaders.includes('candidate-a')));
      const stoppedAt = Date.now();
      await a.elector.stop();
      expect(terms[0]?.to, 'onStoppedLeading was called').toBeDefined();
      expect((await readLease(ns))?.spec?.holderIdentity ?? '', 'the Lease\'s holder right after stop()').toBe('');
      await waitFor('candidate-b to lead', () => leaders(terms).includes('candidate-b'), { timeoutMs: slow.leaseDurationMs + 2_000 });
      const takenOver = terms.find((t) => t.identity === 'candidate-b')!.from;
      expect(takenOver - stoppedAt, 'ms from stop() to the follower leading: less than the 10 s lease, only possible if it was released').toBeLessThan(slow.leaseDurationMs);
      expect((await readLease(ns))?.spec?.leaseTransitions, 'leaseTransitions').toBe(1);
      expect(overlaps(terms), 'two leaders at once').toEqual([]);
    },
    30_000,
  );

  checkpoint(
    'a leader cut off from the API server steps down within renewDeadline — before anyone else may lead',
    {
      expect: 'on a fake clock moved in 250 ms steps, the leader\'s network is cut (connections refused): it calls onStoppedLeading at its 2 s renew deadline, before the follower may take over after the 3 s lease; their terms never overlap',
      look: todo('5.3', 'renew until renewDeadline, then stop leading'),
    },
    async () => {
      const clock = new ElectionClock();
      const { a, b, terms } = await leaderAndFollower('le-cut', clock);
      a.proxy.cut();
      await clock.advanceUntil('candidate-b to lead', () => (a.check(), b.check(), leaders(terms).includes('candidate-b')), { stepMs: fast.retryPeriodMs, limitMs: 10_000, lastSeen: () => terms });
      await clock.advance(fast.retryPeriodMs); // so that candidate-b's term has begun before "now"
      expect(overlaps(terms, clock.now()), `two leaders at once (terms in ms on the fake clock: ${JSON.stringify(terms)}): the cut-off leader did not step down by its renew deadline`).toEqual([]);
      expect(a.elector.isLeader(), 'isLeader() of the cut-off leader').toBe(false);
      expect(leaders(terms), 'leaders').toEqual(['candidate-b']);
    },
    30_000,
  );

  checkpoint(
    'a leader whose API server accepts connections but never answers steps down by renewDeadline — renewals have a deadline',
    {
      expect: 'the leader\'s API server goes silent (connections accepted, requests read, never answered): a renewal without a deadline would wait forever; the leader calls onStoppedLeading before the follower takes over after the 3 s lease; their terms never overlap',
      look: todo('5.2', '5.3', 'every lock call through withDeadline(call, deadline)'),
    },
    async () => {
      const { a, terms } = await leaderAndFollower('le-silent');
      const before = a.proxy.requests.length;
      a.proxy.blackHole();
      await waitFor('candidate-b to lead', () => leaders(terms).includes('candidate-b'), { timeoutMs: 15_000, lastSeen: () => terms });
      const unanswered = a.proxy.requests.slice(before).filter((r) => r.resource === 'leases' && r.forwardedAt === undefined);
      expect(unanswered.length, 'Lease requests of the leader that the silent API server never answered').toBeGreaterThan(0);
      expect(overlaps(terms), 'two leaders at once: the leader waited for an answer that never came, instead of stepping down at its renew deadline').toEqual([]);
      expect(a.elector.isLeader(), 'isLeader() of the leader whose API server went silent').toBe(false);
    },
    30_000,
  );
});
