import { describe, expect, onTestFinished } from 'vitest';
import { silentLogger } from '@stage/04-reconcile/index.js';
import { ElectedMirrorController } from '@stage/05-leader-election/index.js';
import { startProxy, type ApiProxy } from '../harness/api-proxy.js';
import { checkpoint } from '../harness/checkpoint.js';
import { testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { FakeClock } from '../harness/fake-clock.js';
import { sleep, waitFor } from '../harness/wait.js';
import { candidate, describeWrites, fast, isControllerWrite, leaders, queuedMirrorWork, startMain, takeLease, type Term } from './fixture.js';

/** Each mirror or Event write is held this long at the proxy: writes are in flight most of the time, and a cancelled one never arrives. */
const writeLatencyMs = 100;

/** The elected mirror controller through `proxy`, with the fast timings (on `clock`, if given); records onFatal. */
function electedController(proxy: ApiProxy, home: string, prefix: string, identity: string, clock?: FakeClock) {
  const fatal: { why: string; at: number }[] = [];
  const elected = new ElectedMirrorController({
    kubeConfig: proxy.kubeConfig(),
    config: { prefix, workers: 2 },
    lease: { namespace: home, name: 'mirror-controller', identity },
    timings: fast,
    clock,
    log: silentLogger,
    onFatal: (why) => void fatal.push({ why, at: Date.now() }),
  });
  let failure: unknown;
  elected.run().catch((error: unknown) => (failure = error));
  const stop = () => Promise.race([elected.stop().catch(() => undefined), sleep(5_000)]);
  onTestFinished(stop);
  return {
    elected,
    fatal,
    stop,
    check() {
      if (failure) throw failure;
    },
    /** Mirror and Event writes that reached the API server. */
    written: () => proxy.requests.filter((r) => isControllerWrite(r) && r.forwardedAt !== undefined).length,
  };
}

describe('5 · Leader election: a deposed leader stops at once', () => {
  checkpoint(
    'a leader paused in the middle of its work past its renew deadline sends no write on waking',
    {
      expect: 'the elected mirror controller, its elector on a fake clock, works off 30 queued sources; as a worker starts a reconcile the process "pauses": the clock jumps 2.3 s while no code runs, past the 2 s renew deadline, as after SIGSTOP or a long GC pause; on waking, before its renew loop has run, isLeaderNow() is false and that worker sends no write; onFatal("leadership lost")',
      look: todo('5.5', '5.2', 'this.renewedAt on this.clock'),
    },
    async () => {
      const home = await testNamespace('le-paused');
      const { prefix } = await queuedMirrorWork(30);
      const proxy = await startProxy();
      proxy.hold(isControllerWrite, writeLatencyMs);
      const clock = new FakeClock();
      const { elected, fatal, check, written } = electedController(proxy, home, prefix, 'paused', clock);
      await waitFor('the leader to be writing mirrors', () => (check(), written() >= 2), { timeoutMs: 30_000, lastSeen: () => ({ leading: elected.elector.isLeader(), written: written(), fatal }) });
      expect(elected.elector.isLeaderNow(), 'isLeaderNow() of the leader at work, before any time passed on its clock').toBe(true);
      expect(elected.controller.queueLength(), 'sources still queued before the pause (the test needs work left)').toBeGreaterThan(0);

      // Pause at the start of the next reconcile: on waking, the worker goes straight on to its first write.
      let waking: { at: number; leaderNow: boolean } | undefined;
      elected.controller.instrumentReconcile((reconcile) => (key) => {
        if (waking === undefined) {
          // The pause, as the elector sees it: 2.3 s pass and not one line of code runs meanwhile.
          clock.step(fast.renewDeadlineMs + 300);
          waking = { at: Date.now(), leaderNow: elected.elector.isLeaderNow() };
        }
        return reconcile(key);
      });
      await waitFor('the pause at the start of a reconcile', () => waking !== undefined, { timeoutMs: 10_000 });
      await waitFor('the paused leader to call onFatal', () => (check(), fatal.length > 0), { timeoutMs: 15_000, lastSeen: () => ({ leading: elected.elector.isLeader(), fatal }) });
      await sleep(3 * writeLatencyMs);

      expect(waking!.leaderNow, 'isLeaderNow() on waking from a 2.3 s pause, before any timer ran: the last renewal is older than the 2 s renew deadline — measured on the elector\'s clock (this.clock.now()), never Date.now()').toBe(false);
      const sentOnWaking = proxy.requests.filter((r) => isControllerWrite(r) && r.at > waking!.at);
      expect(describeWrites(sentOnWaking, waking!.at, 'waking'), 'writes sent after waking: each must be refused before it leaves (isLeaderNow(), asked before every write)').toEqual([]);
      expect(fatal[0]!.why, 'onFatal(why)').toMatch(/leadership lost/);
    },
    60_000,
  );

  checkpoint(
    'a leader whose Lease is taken stops writing at once: in-flight writes cut off, no queued key handed out, onFatal',
    {
      expect: 'the elected mirror controller works off 40 queued sources; another holder takes the Lease through the API; the leader steps down at its first read of the Lease that names the other holder; from the moment it knows, not one more mirror or Event write reaches the API server (those in flight are aborted); onFatal("leadership lost") is called; isLeaderNow() is false',
      look: todo('5.3', '5.5', 'step down at the first read that names someone else'),
    },
    async () => {
      const home = await testNamespace('le-deposed');
      const { prefix } = await queuedMirrorWork(40);
      const proxy = await startProxy();
      proxy.hold(isControllerWrite, writeLatencyMs);
      const { elected, fatal, check, stop, written } = electedController(proxy, home, prefix, 'soon-deposed');
      await waitFor('the leader to be writing mirrors', () => (check(), written() >= 4), { timeoutMs: 30_000, lastSeen: () => ({ leading: elected.elector.isLeader(), written: written(), fatal }) });
      expect(elected.controller.queueLength(), 'sources still queued when the Lease is taken (the test needs work left)').toBeGreaterThan(0);

      await takeLease(home, 'usurper');
      const takenAt = Date.now();
      await waitFor('the deposed leader to call onFatal', () => (check(), fatal.length > 0), { timeoutMs: 15_000, lastSeen: () => ({ leading: elected.elector.isLeader(), fatal }) });
      const knewAt = fatal[0]!.at;
      expect(fatal[0]!.why, 'onFatal(why)').toMatch(/leadership lost/);
      expect(elected.elector.isLeaderNow(), 'isLeaderNow() once stepped down').toBe(false);
      await stop();
      // A write sent after the loss would reach the API server writeLatencyMs after it was sent.
      await sleep(3 * writeLatencyMs);

      const late = proxy.requests.filter((r) => isControllerWrite(r) && r.forwardedAt !== undefined && r.forwardedAt > knewAt);
      expect(describeWrites(late, knewAt, 'the leader knew it had lost the Lease'), 'writes that reached the API server after the leader knew it had lost the Lease (in-flight ones must be aborted, queued keys never handed out)').toEqual([]);
      const leaseReads = proxy.requests.filter((r) => r.resource === 'leases' && r.method === 'GET' && r.at > takenAt && r.at <= knewAt);
      expect(leaseReads.length, 'reads of the Lease between the takeover and stepping down (the first that names "usurper" is enough)').toBeLessThanOrEqual(2);
    },
    60_000,
  );

  checkpoint(
    'main.ts paused past its lease (SIGSTOP) while another takes over writes nothing on waking (SIGCONT) and exits non-zero',
    {
      expect: 'main.ts (--lease-duration 3s --renew-deadline 2s --retry-period 250ms) leads and works off 40 queued sources; it is SIGSTOPped; a second candidate takes the expired Lease; on SIGCONT the process sends not one mirror or Event write and exits with a non-zero code, as client-go controllers do',
      look: todo('5.5', 'main.ts is given'),
    },
    async () => {
      const home = await testNamespace('le-sigstop');
      const { prefix } = await queuedMirrorWork(40);
      const proxy = await startProxy();
      proxy.hold(isControllerWrite, writeLatencyMs);
      const run = startMain(proxy, ['--prefix', prefix, '--lease-namespace', home, '--identity', 'paused', '--lease-duration', '3s', '--renew-deadline', '2s', '--retry-period', '250ms']);
      const written = () => proxy.requests.filter((r) => isControllerWrite(r) && r.forwardedAt !== undefined).length;
      await waitFor('main.ts to lead and write mirrors', () => (run.check(), written() >= 4), { timeoutMs: 40_000, lastSeen: run.tail });

      run.child.kill('SIGSTOP');
      const terms: Term[] = [];
      const usurper = await candidate(home, 'usurper', terms);
      await waitFor('a second candidate to take the Lease of the stopped process', () => (usurper.check(), leaders(terms).includes('usurper')), { timeoutMs: 15_000 });
      const wokeAt = Date.now();
      run.child.kill('SIGCONT');
      const code = await Promise.race([run.exited, sleep(20_000).then(() => 'still running 20 s after SIGCONT')]);

      const after = proxy.requests.filter((r) => isControllerWrite(r) && r.at > wokeAt);
      expect(describeWrites(after, wokeAt, 'SIGCONT'), 'writes the paused leader sent on waking: it must ask isLeaderNow() — its own clock — before each write').toEqual([]);
      expect(code, `exit code after losing the Lease (client-go exits; 0 would tell a Deployment all is well)\n${run.tail()}`).not.toBe(0);
      expect(typeof code, `main.ts should exit by itself once it knows it lost the Lease\n${run.tail()}`).toBe('number');
    },
    90_000,
  );
});
