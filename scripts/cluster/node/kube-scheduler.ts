import { join } from 'node:path';
import type { ProcessGroup } from '../process-group.js';

/** One scheduler, no leader election (one per cluster), no serving port. */
export function startKubeScheduler(group: ProcessGroup, options: { binary: string; dir: string; kubeconfigFile: string }): void {
  group.start('kube-scheduler', options.binary, [
    `--kubeconfig=${options.kubeconfigFile}`,
    '--leader-elect=false',
    '--secure-port=0',
  ], join(options.dir, 'kube-scheduler.log'));
}
