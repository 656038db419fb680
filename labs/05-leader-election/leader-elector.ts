import { todo } from '../todo.js';
import { statusOf } from '../00-common/api-errors.js';
import { silentLogger, withFields, type Logger } from '../00-common/logger.js';
import { realClock, type Clock } from '../00-common/clock.js';
import { InvalidLeaderElectionConfigError, jitterFactor, type LeaderElectionConfig } from './config.js';
import type { LeaderElectionRecord, ObservedLock } from './lease-lock.js';

/**
 * client-go's leaderelection.LeaderElector over a Lease.
 *
 *   follower: every retryPeriod (jittered) tryAcquireOrRenew() until it wins
 *   leader:   onStartedLeading; every retryPeriod renew; if no renewal succeeds
 *             for renewDeadline, stop leading — BEFORE the lease (leaseDuration)
 *             can expire for the others, so two never lead at once
 *   writes:   the leader's code asks isLeaderNow() before each one: a process
 *             paused past renewDeadline must not write on waking, even before
 *             its renew loop has run and noticed
 *   stop():   the leader clears the lease (releaseOnCancel) so a follower need not wait
 *
 * Expiry is judged on the follower's own clock, from when it last SAW the
 * record change, never from the renewTime written in it: clocks of two
 * machines disagree, and a record's timestamps are another machine's clock.
 *
 * Every local time here is on `this.clock` (config.clock, the real one by
 * default): `this.clock.now()` and `this.clock.setTimer`, never Date.now or
 * setTimeout, so a test can move time by hand. Only the record's own
 * timestamps (acquireTime, renewTime) are wall-clock `new Date()`: they are
 * for people and other machines to read, never used to judge expiry.
 */
export class LeaderElector {
  private observed: ObservedLock | undefined;
  /** Local time at which `observed` last changed. */
  private observedAt = 0;
  /** Local time at which the last successful acquire or renew STARTED: until renewedAt + renewDeadline the lease is surely ours. */
  private renewedAt = 0;
  private reportedLeader = '';
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private leading = false;
  private readonly clock: Clock;
  /** config.log, its lines naming this candidate and its lease: `this.log.info('acquired lease')`. */
  private readonly log: Logger;

  constructor(private readonly config: LeaderElectionConfig) {
    validateLeaderElectionConfig(config);
    this.clock = config.clock ?? realClock;
    this.log = withFields(config.log ?? silentLogger, { identity: config.identity, lease: config.lock.describe() });
  }

  /** Campaigns, leads, and returns when leadership is lost or stop() is called. Run it once. */
  run(): Promise<void> {
    this.running ??= this.campaign();
    return this.running;
  }

  /** Stops campaigning or leading; with releaseOnCancel the lease is cleared first. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** True from onStartedLeading to onStoppedLeading. */
  isLeader(): boolean {
    return this.leading;
  }

  /** True once the Lease was read or written: this elector has reached the API server (readiness, stage 7). */
  hasObservedLease(): boolean {
    return this.observed !== undefined;
  }

  /**
   * TODO 5.5 — may this process act as the leader at this very moment? The
   * write path asks before every write. True only while leading
   * (this.leading) AND, on this process's own clock (this.clock.now()), less
   * than renewDeadlineMs has passed since this.renewedAt. A process that was
   * paused (SIGSTOP, a long GC pause, a suspended VM) past the deadline must
   * not write when it wakes up — another candidate may lead by now — and its
   * renew loop has not even run yet to notice; the clock has.
   */
  isLeaderNow(): boolean {
    return todo('5.5 LeaderElector.isLeaderNow: leading, and the last renewal younger than renewDeadline on your own clock');
  }

  /** The holder as last observed ('' when nobody holds the lease). */
  getLeader(): string {
    return this.observed?.record.holderIdentity ?? '';
  }

  /**
   * TODO 5.3 — client-go's LeaderElector.Run:
   *  1. `await this.acquire()`; if it returns false (stopped first), return.
   *  2. Set this.leading, call callbacks.onStartedLeading(signal) with the signal
   *     of a fresh AbortController (a throwing callback must not break the loop).
   *  3. `await this.renew()` — it returns when leadership is lost or stop() was called.
   *  4. Clear this.leading, abort the signal, release the lease if stopping and
   *     config.releaseOnCancel (TODO 5.4), then callbacks.onStoppedLeading().
   */
  private async campaign(): Promise<void> {
    return todo('5.3 LeaderElector.campaign: acquire, lead, renew, step down');
  }

  /**
   * TODO 5.3 — try tryAcquireOrRenew() every jittered(retryPeriodMs) until it
   * succeeds (true) or this.stopping is aborted (false). Use this.sleep: it
   * wakes at once on stop().
   */
  private async acquire(): Promise<boolean> {
    return todo('5.3 LeaderElector.acquire: retry until the lease is ours');
  }

  /**
   * TODO 5.3 — while not stopped: sleep retryPeriodMs, then
   * tryAcquireOrRenew(this.renewedAt + renewDeadlineMs) (it sets renewedAt on
   * success). Return (= stop leading) as soon as the lease names someone else
   * (!holdsLease()) — that first read is enough, do not wait out the deadline —
   * or when nothing succeeded for renewDeadlineMs since renewedAt. This is what
   * keeps two leaders apart: the leader gives up after renewDeadline, the
   * others may take over only after leaseDuration, which is longer.
   */
  private async renew(): Promise<void> {
    return todo('5.3 LeaderElector.renew: renew every retryPeriod, step down after renewDeadline without success');
  }

  /**
   * TODO 5.2 — client-go's tryAcquireOrRenew. One attempt; true when the lease
   * is ours afterwards. Every lock call through withDeadline(call, deadline,
   * this.clock): a renewal that answers after `deadline` (ms on this.clock)
   * does not count, and an API server that never answers must not hang the
   * elector. On success set this.renewedAt to this.clock.now() as it was when
   * this attempt STARTED: the lease is surely ours from then on, however long
   * the answer took.
   *  - lock.get(); if there is no lease, lock.create() a record naming us
   *    (leaseDurationSeconds = leaseDurationMs / 1000, acquireTime = renewTime =
   *    `new Date()` — wall-clock, for readers — leaderTransitions 0),
   *    this.observe() it, return true.
   *  - this.observe(current). If it names another holder ('' = nobody) and
   *    this.observedAt + leaseDurationSeconds × 1000 is still ahead of
   *    this.clock.now(), return false: judge expiry on YOUR clock from when you
   *    saw the record change, never from its renewTime (another machine's clock).
   *  - Otherwise lock.update(record, current.resourceVersion) with us as holder,
   *    renewTime now; if it was already ours keep acquireTime and
   *    leaderTransitions, else acquireTime now and leaderTransitions + 1.
   *    The resourceVersion makes a racing write fail with 409. observe() the result.
   *  - Any error (409, unreachable, deadline): log it and return false.
   */
  private async tryAcquireOrRenew(deadline = Infinity): Promise<boolean> {
    return todo('5.2 LeaderElector.tryAcquireOrRenew: read, then create, take or renew the lease');
  }

  /**
   * TODO 5.4 — client-go's release: if we hold the lease (holdsLease()),
   * lock.update() it with holderIdentity '', leaseDurationSeconds 1,
   * acquireTime = renewTime = now, the same leaderTransitions, at the
   * resourceVersion we observed; observe() the result. Errors are logged, not thrown.
   * Bound the update with withDeadline(call, this.clock.now() + renewDeadlineMs,
   * this.clock): during an API server outage a release that waits for an answer
   * would keep a stopping process alive until the kubelet kills it.
   */
  private async release(): Promise<void> {
    return todo('5.4 LeaderElector.release: clear the lease so a follower need not wait');
  }

  /** Does the lease, as last seen, name this candidate? */
  private holdsLease(): boolean {
    return this.observed?.record.holderIdentity === this.config.identity;
  }

  /** Remembers what the lease says and, when that changed, when we saw it change. */
  private observe(lock: ObservedLock): void {
    if (lock.resourceVersion !== this.observed?.resourceVersion) this.observedAt = this.clock.now();
    this.observed = lock;
    const holder = lock.record.holderIdentity;
    if (holder && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      this.config.callbacks.onNewLeader?.(holder);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.clock.setTimer(ms, done);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * TODO 5.1 — client-go's rules, each broken one a clear InvalidLeaderElectionConfigError:
 *  - identity not empty (each candidate needs its own, e.g. the pod name);
 *  - retryPeriodMs > 0;
 *  - leaseDurationMs whole seconds, at least 1000 (a Lease stores seconds);
 *  - leaseDurationMs > renewDeadlineMs (a leader must give up before others may take over);
 *  - renewDeadlineMs > jitterFactor × retryPeriodMs (time for at least one retry).
 */
export function validateLeaderElectionConfig(config: LeaderElectionConfig): void {
  return todo(`5.1 validateLeaderElectionConfig(${config.identity}): check the timings before anything runs`);
}

/** client-go's wait.Jitter(ms, jitterFactor): between ms and (1 + jitterFactor) × ms. */
function jittered(ms: number): number {
  return ms + Math.random() * jitterFactor * ms;
}

/**
 * Rejects when `promise` has not settled by `deadline` (ms on `clock`) — at
 * once when the deadline has passed already (say, after a pause): a late
 * answer would not count anyway.
 */
function withDeadline<T>(promise: Promise<T>, deadline: number, clock: Clock): Promise<T> {
  if (deadline === Infinity) return promise;
  return new Promise<T>((resolve, reject) => {
    const passed = () => reject(new Error('renew deadline passed'));
    if (clock.now() >= deadline) {
      promise.catch(() => undefined); // settles later, unheard
      passed();
      return;
    }
    const timer = clock.setTimer(deadline - clock.now(), passed);
    promise.then(
      (value) => (timer.cancel(), resolve(value)),
      (error: unknown) => (timer.cancel(), reject(error as Error)),
    );
  });
}
