/** The cluster side: the built control plane, kubectl, the node's ports and prerequisites, the kube context guard. */
import { KubeConfig } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { allBinaries, buildTimeEstimate, findBinaries, findKubectl, goToolchainUsable } from '../cluster/binaries.js';
import { runningDevCluster } from '../cluster/dev-cluster.js';
import { looksLocal } from '../cluster/existing.js';
import { nodeRecordLive, readNodeRecord } from '../cluster/node/leftovers.js';
import { nodeSupport } from '../cluster/node/prerequisites.js';
import { cacheDir, kubernetesVersion } from '../cluster/paths.js';
import { fix, note, ok, type Check } from './check.js';

export function controlPlaneCheck(): { check: Check; built: boolean } {
  try {
    const found = findBinaries();
    if (found) {
      const parts = allBinaries.filter((b) => existsSync(join(found.dir, b)));
      const line = `Kubernetes v${kubernetesVersion}, built (${found.source}: ${found.dir}): ${parts.join(', ')}`;
      if (found.kubeControllerManager) return { check: ok('Control plane', line), built: true };
      // The envtest archive (no Go) has none: namespaces then never finish deleting.
      const then = goToolchainUsable().ok ? 'stage 4 builds it when it first runs' : 'without Go it cannot be built, so namespaces never finish deleting and stages 4, 6 and 8 skip what waits for that: install Go 1.26+';
      return { check: note('Control plane', `${line}; no kube-controller-manager yet: ${then}`), built: true };
    }
    return { check: note('Control plane', `Kubernetes v${kubernetesVersion} not built yet in ${cacheDir()}: the first lab run builds what its stage needs (${buildTimeEstimate(['etcd', 'kube-apiserver'])}), npm run control-plane:build all of it`), built: false };
  } catch (error) {
    return { check: fix('Control plane', (error as Error).message), built: false };
  }
}

export function kubectlCheck(): Check {
  const kubectl = findKubectl();
  return kubectl ? ok('kubectl', kubectl) : note('kubectl', 'none yet: it is built with the control plane (npm run control-plane:build); npm run kubectl -- … then uses it');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** The node's kubelet listens on 10250 (API) and 10248 (healthz); another kubelet there blocks ours. */
export async function portsCheck(): Promise<Check> {
  const busy: string[] = [];
  for (const port of [10250, 10248]) {
    if (await portFree(port)) continue;
    const owner = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' }).stdout?.match(/users:\(\("([^"]+)"/)?.[1];
    busy.push(`${port}${owner ? ` (${owner})` : ''}`);
  }
  if (busy.length === 0) return ok('Ports 10250, 10248', 'free for the node’s kubelet');
  if (runningDevCluster()?.info.capabilities.node) return ok('Ports 10250, 10248', `used by the dev cluster's node (${busy.join(', ')})`);
  const record = readNodeRecord();
  if (record && nodeRecordLive(record)) return note('Ports 10250, 10248', `used by the workbook's node of a run under way (process ${record.ownerPid}): the next node can start when it ends`);
  return note('Ports 10250, 10248', `in use: ${busy.join(', ')}: another kubelet (kind, minikube, a crashed run) must stop before the workbook's node can start; npm run cluster:down clears a crashed one`);
}

export function nodeCheck(): Check {
  const support = nodeSupport();
  return support.ok ? ok('Node prerequisites', support.why) : note('Node prerequisites', `only stage 8 needs a node: ${support.why}`);
}

/** What BARE_CLUSTER=kubeconfig would do with the current context: the guard that keeps checkpoints off real clusters. */
export function contextCheck(): Check {
  const path = process.env.KUBECONFIG?.split(':')[0] || join(homedir(), '.kube', 'config');
  if (!existsSync(path)) return ok('Kube context guard', 'no kubeconfig: lab runs start their own cluster and never touch another');
  try {
    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(path, 'utf8'));
    const context = process.env.BARE_CONTEXT ?? kc.getCurrentContext();
    if (!context) return ok('Kube context guard', `${path} has no current context`);
    if (looksLocal(context)) return ok('Kube context guard', `current context "${context}" looks local: BARE_CLUSTER=kubeconfig would use it`);
    if (process.env.BARE_ALLOW_CONTEXT === context) return note('Kube context guard', `"${context}" does not look local, but BARE_ALLOW_CONTEXT allows it: checkpoints would create namespaces there`);
    return ok('Kube context guard', `current context "${context}" does not look local: BARE_CLUSTER=kubeconfig refuses it (lab runs use their own cluster by default)`);
  } catch (error) {
    return note('Kube context guard', `${path} does not read as a kubeconfig: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function devClusterCheck(): Check {
  const dev = runningDevCluster();
  return dev ? ok('Dev cluster', `running (${dev.info.description}); lab runs use it`) : ok('Dev cluster', 'not running: each lab run starts its own (npm run cluster:up keeps one up)');
}
