import { InvalidLeaderElectionConfigError, jitterFactor, type LeaderElectionConfig } from './config.js';
import type { LeaderElectionRecord, ObservedLock } from './lease-lock.js';

/**
 * client-go's leaderelection.LeaderElector over a Lease.
 *
 *   follower: every retryPeriod (jittered) tryAcquireOrRenew() until it wins
 *   leader:   onStartedLeading; every retryPeriod renew; if no renewal succeeds
 *             for renewDeadline, stop leading — BEFORE the lease (leaseDuration)
 *             can expire for the others, so two never lead at once
 *   stop():   the leader clears the lease (releaseOnCancel) so a follower need not wait
 *
 * Expiry is judged on the follower's own clock, from when it last SAW the
 * record change, never from the renewTime written in it: clocks of two
 * machines disagree, and a record's timestamps are another machine's clock.
 */
export class LeaderElector {
  private observed: ObservedLock | undefined;
  /** Local time at which `observed` last changed. */
  private observedAt = 0;
  private reportedLeader = '';
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private leading = false;

  constructor(private readonly config: LeaderElectionConfig) {
    validateLeaderElectionConfig(config);
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

  /** The holder as last observed ('' when nobody holds the lease). */
  getLeader(): string {
    return this.observed?.record.holderIdentity ?? '';
  }

  private async campaign(): Promise<void> {
    const acquired = await this.acquire();
    if (!acquired) return;
    const leadership = new AbortController();
    this.leading = true;
    this.config.log?.(`${this.config.identity}: leading ${this.config.lock.describe()}`);
    try {
      this.config.callbacks.onStartedLeading(leadership.signal);
    } catch (error) {
      this.config.log?.(`onStartedLeading threw: ${(error as Error).message}`);
    }
    await this.renew();
    this.leading = false;
    leadership.abort();
    if (this.stopping.signal.aborted && this.config.releaseOnCancel) await this.release();
    this.config.callbacks.onStoppedLeading();
  }

  /** Tries every retryPeriod (jittered) until this candidate holds the lease; false if stopped first. */
  private async acquire(): Promise<boolean> {
    while (!this.stopping.signal.aborted) {
      if (await this.tryAcquireOrRenew()) return true;
      await this.sleep(jittered(this.config.retryPeriodMs));
    }
    return false;
  }

  /** Renews every retryPeriod; returns when stopped, or when no renewal succeeded for renewDeadline. */
  private async renew(): Promise<void> {
    let lastRenewed = Date.now();
    while (!this.stopping.signal.aborted) {
      await this.sleep(this.config.retryPeriodMs);
      if (this.stopping.signal.aborted) return;
      if (await this.tryAcquireOrRenew(lastRenewed + this.config.renewDeadlineMs)) {
        lastRenewed = Date.now();
        continue;
      }
      if (!this.holdsLease() || Date.now() - lastRenewed >= this.config.renewDeadlineMs) {
        this.config.log?.(`${this.config.identity}: failed to renew ${this.config.lock.describe()} within ${this.config.renewDeadlineMs} ms; stepping down`);
        return;
      }
    }
  }

  /**
   * One attempt: read the lease; create it if missing; take it if it is free
   * or expired (judged on our clock); renew it if it is ours. The write
   * carries the resourceVersion we read: of two racing candidates one gets 409.
   * `deadline` (local ms): a renewal that answers later than this does not count.
   */
  private async tryAcquireOrRenew(deadline = Infinity): Promise<boolean> {
    const now = new Date();
    const { identity, lock } = this.config;
    const leaseDurationSeconds = this.config.leaseDurationMs / 1000;
    try {
      const current = await withDeadline(lock.get(), deadline);
      if (!current) {
        const created = await withDeadline(lock.create({ holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaderTransitions: 0 }), deadline);
        this.observe(created);
        return true;
      }
      this.observe(current);
      const held = current.record.holderIdentity !== '' && current.record.holderIdentity !== identity;
      if (held && this.observedAt + current.record.leaseDurationSeconds * 1000 > Date.now()) return false;

      const ours = current.record.holderIdentity === identity;
      const record: LeaderElectionRecord = {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: ours ? current.record.acquireTime : now,
        renewTime: now,
        leaderTransitions: ours ? current.record.leaderTransitions : current.record.leaderTransitions + 1,
      };
      this.observe(await withDeadline(lock.update(record, current.resourceVersion), deadline));
      return true;
    } catch (error) {
      const code = (error as { code?: number }).code;
      // 409: another candidate wrote first. Anything else: the API server is unreachable or slow. Both: not this time.
      this.config.log?.(`${identity}: ${code === 409 ? 'lost a race for' : 'could not reach'} ${lock.describe()}: ${(error as Error).message}`);
      return false;
    }
  }

  /** client-go's release: clear the holder, keep the transition count, expire the lease in a second. */
  private async release(): Promise<void> {
    if (!this.observed || !this.holdsLease()) return;
    const now = new Date();
    const record: LeaderElectionRecord = { ...this.observed.record, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now };
    try {
      this.observe(await this.config.lock.update(record, this.observed.resourceVersion));
    } catch (error) {
      this.config.log?.(`${this.config.identity}: could not release ${this.config.lock.describe()}: ${(error as Error).message}`);
    }
  }

  /** Does the lease, as last seen, name this candidate? */
  private holdsLease(): boolean {
    return this.observed?.record.holderIdentity === this.config.identity;
  }

  /** Remembers what the lease says and, when that changed, when we saw it change. */
  private observe(lock: ObservedLock): void {
    if (lock.resourceVersion !== this.observed?.resourceVersion) this.observedAt = Date.now();
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
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** leaseDuration > renewDeadline > jitterFactor × retryPeriod > 0, and an identity — client-go's rules. */
export function validateLeaderElectionConfig(config: LeaderElectionConfig): void {
  const { identity, leaseDurationMs, renewDeadlineMs, retryPeriodMs } = config;
  const fail = (message: string) => {
    throw new InvalidLeaderElectionConfigError(message);
  };
  if (!identity) fail('identity must not be empty: each candidate needs its own (e.g. the pod name)');
  if (!(retryPeriodMs > 0)) fail(`retryPeriod must be greater than zero, not ${retryPeriodMs} ms`);
  if (!Number.isInteger(leaseDurationMs / 1000) || leaseDurationMs < 1000) fail(`leaseDuration must be whole seconds (a Lease stores seconds), not ${leaseDurationMs} ms`);
  if (!(leaseDurationMs > renewDeadlineMs)) fail(`leaseDuration (${leaseDurationMs} ms) must be greater than renewDeadline (${renewDeadlineMs} ms): a leader must give up before followers may take over`);
  if (!(renewDeadlineMs > jitterFactor * retryPeriodMs)) fail(`renewDeadline (${renewDeadlineMs} ms) must be greater than ${jitterFactor} × retryPeriod (${retryPeriodMs} ms): there must be time for at least one retry`);
}

function jittered(ms: number): number {
  return ms * (1 + Math.random() * (jitterFactor - 1));
}

/** Rejects when `promise` has not settled by `deadline` (local ms since epoch). */
function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  if (deadline === Infinity) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('renew deadline passed')), Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
  });
}
