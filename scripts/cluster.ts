/**
 * npm run cluster:up [-- --with-node]   a dev cluster that stays up, with a kubeconfig for kubectl
 *                                       (--with-node: and a real node, so pods run; Linux, root)
 * npm run cluster:down   stop it and remove its files
 * npm run control-plane:build   build (or find) the control-plane binaries, with progress
 *
 * While the dev cluster runs, `npm run lab:N` uses it instead of starting its own.
 */
import { rmSync } from 'node:fs';
import { obtainBinaries } from './cluster/binaries.js';
import { devKubeconfigPath, runningDevCluster, startDevCluster } from './cluster/dev-cluster.js';
import { readNodeRecord } from './cluster/node/leftovers.js';
import { stopDetachedNode } from './cluster/node/node.js';
import { devClusterDir } from './cluster/paths.js';

const command = process.argv[2];
const say = (line: string) => process.stdout.write(`${line}\n`);

switch (command) {
  case 'up': {
    const running = runningDevCluster();
    if (running) {
      say(`A dev cluster is already running (${running.info.description}).`);
      say(`export KUBECONFIG=${devKubeconfigPath}`);
      break;
    }
    const cluster = await startDevCluster({ withNode: process.argv.includes('--with-node'), log: say });
    say(cluster.info.description);
    say('');
    say('The dev cluster runs until `npm run cluster:down`. Point kubectl at it:');
    say(`  export KUBECONFIG=${devKubeconfigPath}`);
    say('  kubectl get configmaps -A');
    if (cluster.info.capabilities.node) say(`  kubectl get nodes        (the node ${cluster.info.capabilities.node.name}: pods run; kubectl is ${cluster.info.capabilities.node.kubectl})`);
    say('Lab runs (npm run lab:N) now use this cluster instead of starting their own.');
    say('(No Go toolchain? Use kind with Docker instead: kind create cluster --config kind-config.yaml)');
    break;
  }
  case 'down': {
    const running = runningDevCluster();
    if (!running) {
      say('No dev cluster is running.');
      rmSync(devClusterDir, { recursive: true, force: true });
      break;
    }
    const node = readNodeRecord();
    if (node && node.clusterDir === running.dir) {
      say('Draining and stopping the node…');
      await stopDetachedNode(node, running.info.kubeconfig);
    }
    for (const pid of [...running.pids].reverse()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await waitForExit(running.pids, 10_000);
    rmSync(running.dir, { recursive: true, force: true });
    rmSync(devClusterDir, { recursive: true, force: true });
    say('Dev cluster stopped and its files removed.');
    break;
  }
  case 'build': {
    const binaries = await obtainBinaries(say);
    say(`Control plane ready in ${binaries.dir} (${binaries.source}).`);
    break;
  }
  default:
    process.stderr.write('Usage: npm run cluster:up | npm run cluster:down | npm run control-plane:build\n');
    process.exit(2);
}

async function waitForExit(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
}
