import type { KubeConfig } from '@kubernetes/client-node';
import { MirrorController, type Logger, type MirrorConfig } from '../04-reconcile/index.js';
import type { MetricsProvider } from '../03-workqueue/index.js';
import { leaderElectionDefaults } from './config.js';
import { LeaderElector } from './leader-elector.js';
import { LeaseLock } from './lease-lock.js';

export interface ElectedControllerOptions {
  kubeConfig: KubeConfig;
  config: Partial<MirrorConfig> & { prefix: string };
  lease: { namespace: string; name: string; identity: string };
  log: Logger;
  metricsProvider?: MetricsProvider;
  /** Leadership lost, or the controller failed: the process should exit and start afresh (client-go's convention). */
  onFatal: (why: string) => void;
  /** Leadership changes, e.g. for a leader_election_master_status gauge. */
  onLeading?: (leading: boolean) => void;
}

/**
 * The mirror controller that reconciles only while it holds the Lease.
 * Construction validates everything (bad flags fail before any request).
 */
export class ElectedMirrorController {
  readonly controller: MirrorController;
  readonly elector: LeaderElector;
  private stopping = false;

  constructor(private readonly options: ElectedControllerOptions) {
    const { kubeConfig, config, lease, log, metricsProvider } = options;
    this.controller = new MirrorController({ kubeConfig, config, log, metricsProvider });
    this.elector = new LeaderElector({
      lock: new LeaseLock(kubeConfig, lease.namespace, lease.name),
      identity: lease.identity,
      ...leaderElectionDefaults,
      releaseOnCancel: true,
      log: (message) => log.info(message),
      callbacks: {
        onStartedLeading: () => {
          log.info('leading: starting the controller', { identity: lease.identity });
          options.onLeading?.(true);
          this.controller.run().catch((error: unknown) => options.onFatal(`controller failed: ${(error as Error).message}`));
        },
        onStoppedLeading: () => {
          options.onLeading?.(false);
          if (!this.stopping) options.onFatal('leadership lost');
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
}
