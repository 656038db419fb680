import type { Logger } from '../00-common/logger.js';
import type { Clock } from '../00-common/clock.js';
import type { ResourceLock } from './lease-lock.js';

export interface LeaderCallbacks {
  /** This candidate now leads; `signal` aborts when it stops leading. */
  onStartedLeading(signal: AbortSignal): void;
  /** This candidate no longer leads (lost the lease, or stopped). */
  onStoppedLeading(): void;
  /** The lease names a new holder (this candidate included). */
  onNewLeader?(identity: string): void;
}

/** The three timings of leader election, in milliseconds. */
export interface LeaderElectionTimings {
  /** How long a follower waits, from the last change it saw, before it may take the lease. */
  leaseDurationMs: number;
  /** How long the leader keeps trying to renew before it gives up leading. */
  renewDeadlineMs: number;
  /** How often the leader renews; candidates try to acquire every retryPeriod × [1, 1 + jitterFactor). */
  retryPeriodMs: number;
}

/** client-go's leaderelection.LeaderElectionConfig. */
export interface LeaderElectionConfig extends LeaderElectionTimings {
  /** Where the leader is recorded: a LeaseLock, or any ResourceLock (a test's own, without a cast). */
  lock: ResourceLock;
  /** Unique per candidate: a pod name plus something random, never shared by two processes. */
  identity: string;
  callbacks: LeaderCallbacks;
  /** On stop(), clear the lease so a follower takes over at once instead of after leaseDuration. */
  releaseOnCancel?: boolean;
  /** Where the elector logs (lines carry `identity` and `lease`); silent by default. */
  log?: Logger;
  /**
   * Where every wait and every lease timing is measured (client-go's
   * LeaderElectionConfig.Clock); the real one by default. A test passes a fake
   * clock and moves time by hand instead of sleeping through leases.
   */
  clock?: Clock;
}

export class InvalidLeaderElectionConfigError extends Error {
  override name = 'InvalidLeaderElectionConfigError';
}

/** client-go's defaults for controllers: 15 s lease, 10 s renew deadline, 2 s retry. */
export const leaderElectionDefaults: Readonly<LeaderElectionTimings> = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/**
 * client-go's JitterFactor. A candidate's retries wait retryPeriod × [1, 2.2):
 * acquire runs `wait.JitterUntil(…, RetryPeriod, JitterFactor, …)`, and
 * `wait.Jitter(d, f)` is d + random × f × d — up to 1.2 × d MORE, not 20%.
 * The leader's renewals are not jittered.
 */
export const jitterFactor = 1.2;
