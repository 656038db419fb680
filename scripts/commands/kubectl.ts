/**
 * npm run kubectl -- <args>   kubectl from the same Kubernetes release as the local cluster
 *
 * Uses the kubectl built with the control plane. When KUBECONFIG is unset and
 * the dev cluster (`npm run cluster:up`) runs, it talks to that cluster.
 */
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { findKubectl } from '../cluster/binaries.js';
import { devKubeconfigPath, runningDevCluster } from '../cluster/dev-cluster.js';

let kubectl: string | undefined;
try {
  kubectl = findKubectl();
} catch (error) {
  // e.g. $KUBEBUILDER_ASSETS names a folder without the binaries
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
if (!kubectl) {
  process.stderr.write('No kubectl here yet: run `npm run control-plane:build`, which builds it with the cluster.\n');
  process.exit(2);
}

const env = { ...process.env };
if (!env.KUBECONFIG && runningDevCluster()) {
  env.KUBECONFIG = devKubeconfigPath;
  process.stderr.write(`kubectl: using the dev cluster (KUBECONFIG=${devKubeconfigPath})\n`);
}

// npm runs scripts from the repository root; relative paths (-f ./x.yaml) mean the folder you typed in.
const result = spawnSync(kubectl, process.argv.slice(2), { stdio: 'inherit', env, cwd: process.env.INIT_CWD ?? process.cwd() });
if (result.error) {
  process.stderr.write(`Could not run ${kubectl}: ${result.error.message}\n`);
  process.exit(2);
}
process.exit(result.status ?? 128 + (result.signal ? constants.signals[result.signal] : 1));
