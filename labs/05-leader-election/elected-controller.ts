import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../00-common/logger.js';
import { MirrorController, type MirrorConfig } from '../04-reconcile/index.js';
import type { Clock } from '../00-common/clock.js';
import type { MetricsProvider } from '../03-workqueue/index.js';
import { leaderElectionDefaults, type LeaderElectionTimings } from './config.js';
import { LeaderElector } from './leader-elector.js';
import { LeaseLock } from './lease-lock.js';

export interface ElectedControllerOptions {
  kubeConfig: KubeConfig;
  config: Partial<MirrorConfig> & { prefix: string };
  lease: { namespace: string; name: string; identity: string };
  /** Lease duration, renew deadline and retry period; client-go's defaults (15 s, 10 s, 2 s) when left out. */
  timings?: Partial<LeaderElectionTimings>;
  log: Logger;
  metricsProvider?: MetricsProvider;
  /** Leadership lost, or the controller failed: the process should exit non-zero and start afresh (client-go's convention). */
  onFatal: (why: string) => void;
  /** Leadership changes, e.g. for a leader_election_master_status gauge. */
  onLeading?: (leading: boolean) => void;
  /** The elector's clock (lease timings, isLeaderNow); the real one by default. */
  clock?: Clock;
}

/** A write refused because this process may no longer act as the leader. */
export class NotLeaderError extends Error {
  override name = 'NotLeaderError';
}

/**
 * The mirror controller that reconciles only while it holds the Lease.
 * Construction validates everything (bad flags fail before any request).
 *
 * Losing the Lease stops it at once, as client-go's OnStoppedLeading →
 * klog.Fatal does: no queued key is handed out any more, the requests in
 * flight are cut off, then onFatal. And before every write the controller
 * asks the elector's own clock (isLeaderNow), so a leader paused past its
 * renew deadline writes nothing when it wakes, before its renew loop has run.
 */
export class ElectedMirrorController {
  readonly controller: MirrorController;
  readonly elector: LeaderElector;
  private stopping = false;

  constructor(private readonly options: ElectedControllerOptions) {
    const { kubeConfig, config, lease, log, metricsProvider } = options;
    this.controller = new MirrorController({ kubeConfig, config, log, metricsProvider, beforeWrite: () => this.assertLeading() });
    this.elector = new LeaderElector({
      lock: new LeaseLock(kubeConfig, lease.namespace, lease.name),
      identity: lease.identity,
      ...leaderElectionDefaults,
      ...options.timings,
      releaseOnCancel: true,
      clock: options.clock,
      log,
      callbacks: {
        onStartedLeading: () => {
          log.info('leading: starting the controller', { identity: lease.identity });
          options.onLeading?.(true);
          this.controller.run().catch((error: unknown) => options.onFatal(`controller failed: ${(error as Error).message}`));
        },
        onStoppedLeading: () => {
          options.onLeading?.(false);
          if (this.stopping) return;
          // Another candidate may lead already: not one more write, not even the ones queued.
          void this.controller.abort('leadership lost');
          options.onFatal('leadership lost');
        },
        onNewLeader: (leader) => log.info('leader', { leader, me: leader === lease.identity }),
      },
    });
  }

  run(): Promise<void> {
    return this.elector.run();
  }

  /** Reconciling stops before the Lease is released, so the next leader never overlaps with this one. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.controller.stop();
    await this.elector.stop();
  }

  /** Ready: a follower waiting its turn, or a leader whose caches are synced. */
  ready(): boolean {
    return !this.stopping && (!this.elector.isLeader() || this.controller.ready());
  }

  /** Runs right before each write leaves: refuses it unless, on this process's clock, the Lease is surely still ours. */
  private assertLeading(): void {
    if (!this.elector.isLeaderNow()) throw new NotLeaderError(`${this.options.lease.identity} may not write: not the leader of ${this.options.lease.namespace}/${this.options.lease.name} any more, or its renew deadline has passed`);
  }
}
