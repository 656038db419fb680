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
import { devClusterHandle, devKubeconfigPath, runningDevCluster, startDevCluster, stopDevCluster } from './cluster/dev-cluster.js';
import { devClusterDir } from './cluster/paths.js';

const command = process.argv[2];
const say = (line: string) => process.stdout.write(`${line}\n`);

const usage = `Usage: npm run cluster:up [-- --with-node]   a dev cluster that stays up, with a kubeconfig for kubectl
                                             (--with-node: and a real node, so pods run; Linux, root)
       npm run cluster:down                   stop it and remove its files
       npm run control-plane:build            build (or find) the control-plane binaries, with progress

While the dev cluster runs, npm run lab:N uses it instead of starting its own.`;

// Read every option before anything starts: a mistyped or --help must not bring up a cluster.
const options = process.argv.slice(3);
if (options.includes('--help') || options.includes('-h')) {
  say(usage);
  process.exit(0);
}
const unknown = options.find((o) => !(command === 'up' && o === '--with-node'));
if (unknown) {
  process.stderr.write(`Unknown argument: ${unknown}\n\n${usage}\n`);
  process.exit(2);
}

switch (command) {
  case 'up': {
    const running = runningDevCluster();
    if (running) {
      say(`A dev cluster is already running (${running.info.description}).`);
      say(`export KUBECONFIG=${devKubeconfigPath}`);
      break;
    }
    const stale = devClusterHandle();
    if (stale) {
      say('A dev cluster from before is half there (some of its processes died): stopping what is left of it first.');
      await stopDevCluster(stale, say);
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
    const handle = devClusterHandle();
    if (!handle) {
      say('No dev cluster is running.');
      rmSync(devClusterDir, { recursive: true, force: true });
      break;
    }
    await stopDevCluster(handle, say);
    say('Dev cluster stopped and its files removed.');
    break;
  }
  case 'build': {
    const binaries = await obtainBinaries(say);
    say(`Control plane ready in ${binaries.dir} (${binaries.source}).`);
    break;
  }
  default:
    process.stderr.write(`${usage}\n`);
    process.exit(2);
}
