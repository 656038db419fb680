import { LeaderElector, LeaseLock } from '../../../../solutions/05-leader-election/index.js';
import type { ClusterArgs, Figures, LeaderEvent, LeaseTimings } from '../protocol.js';
import { kubeConfig } from './kubeconfig.js';

/** One candidate per process, as on the Go side: takeover is tested by killing the process. */
let candidate: LeaderElector | undefined;

export async function elect(
  request: { namespace: string; name: string; identity: string } & LeaseTimings & ClusterArgs,
  emit: (event: LeaderEvent['event'], identity: string) => void,
): Promise<Figures> {
  if (candidate) throw new Error('this process already campaigns');
  const kc = kubeConfig(request.kubeconfig);
  candidate = new LeaderElector({
    lock: new LeaseLock(kc, request.namespace, request.name),
    identity: request.identity,
    leaseDurationMs: request.leaseMs,
    renewDeadlineMs: request.renewMs,
    retryPeriodMs: request.retryMs,
    releaseOnCancel: true,
    callbacks: {
      onStartedLeading: () => emit('started-leading', request.identity),
      onStoppedLeading: () => emit('stopped-leading', request.identity),
    },
  });
  void candidate.run();
  return {};
}

/** Stops campaigning; a leader clears the lease on the way out (releaseOnCancel). */
export async function release(): Promise<Figures> {
  if (!candidate) throw new Error('this process does not campaign');
  await candidate.stop();
  return {};
}
