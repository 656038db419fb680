/**
 * npm run cluster:up [-- --with-node]   a dev cluster that stays up, with a kubeconfig for kubectl
 *                                       (--with-node: and a real node, so pods run; Linux, root)
 * npm run cluster:down   stop it and remove its files
 * npm run cluster:compact   compact etcd's history, so a watch from an older resourceVersion gets 410 Gone
 * npm run control-plane:build   build (or find) the control-plane binaries, with progress
 *
 * While the dev cluster runs, `npm run lab:N` uses it instead of starting its own.
 */
// First: on native Windows, one sentence (WSL2 is the way) before anything else runs.
import '../supported-platform.js';
import { rmSync } from 'node:fs';
import type { Flags } from '../../solutions/00-common/flags.js';
import { defineCommand, UsageError } from '../workbook/command.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const subcommands = ['up', 'down', 'compact', 'build'];

const cli = defineCommand({
  name: 'cluster:up',
  usage: [
    'npm run cluster:up [-- --with-node]   a dev cluster that stays up, with a kubeconfig for kubectl',
    'npm run cluster:down                   stop it and remove its files',
    "npm run cluster:compact                compact etcd's history: a watch from an older",
    '                                       resourceVersion then gets a real 410 Gone',
    'npm run control-plane:build            build (or find) the control-plane binaries, with progress',
  ],
  about: 'While the dev cluster runs, npm run lab:N uses it instead of starting its own.',
  flags: { 'with-node': { type: 'boolean', help: 'cluster:up only: and a real node, so pods run (Linux, root)' } } as const satisfies Flags,
  positionals: true,
});
// Read every option before anything starts: a mistyped one or --help must not bring up a cluster.
const { values, positionals } = cli.parse();
const [command, extra] = positionals;

await cli.run(async () => {
  if (!command || !subcommands.includes(command)) throw new UsageError(`Say what to do with the cluster: ${subcommands.join(', ')} (npm run cluster:up, cluster:down, cluster:compact, control-plane:build).`);
  if (extra !== undefined) throw new UsageError(`Unexpected argument ${extra}.`);
  if (values['with-node'] && command !== 'up') throw new UsageError('--with-node goes with cluster:up only.');
  const { allBinaries, obtainBinaries } = await import('../cluster/binaries.js');
  const { devClusterHandle, devKubeconfigPath, runningDevCluster, startDevCluster, stopDevCluster } = await import('../cluster/dev-cluster.js');
  const { compactEtcd } = await import('../cluster/etcd.js');
  const { devClusterDir } = await import('../cluster/paths.js');
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
      const cluster = await startDevCluster({ withNode: values['with-node'] ?? false, log: say });
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
    case 'compact': {
      const running = runningDevCluster();
      if (!running) {
        process.stderr.write('No dev cluster is running: start one with npm run cluster:up, then compact it.\n');
        return 1;
      }
      const { etcdUrl, uncachedServerUrl } = running.info.capabilities;
      if (!etcdUrl || !uncachedServerUrl) {
        process.stderr.write(`This dev cluster (${running.info.description}) has no etcd of its own to compact.\n`);
        return 1;
      }
      const revision = await compactEtcd(etcdUrl);
      say(`etcd's history is compacted up to revision ${revision}: resourceVersions before it are gone.`);
      say('A watch from one of them (it asks for the changes after it) gets 410 Gone from the API server without watch cache (it reads etcd):');
      say(`  kubectl --server ${uncachedServerUrl} get --raw '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${revision - 2}'`);
      say('Your KUBECONFIG\'s API server has a watch cache and may still answer such a watch from memory:');
      say('that is why the 410 checkpoints use the uncached one.');
      break;
    }
    case 'build': {
      const binaries = await obtainBinaries(say, allBinaries);
      say(`Control plane ready in ${binaries.dir} (${binaries.source}).`);
      break;
    }
  }
});
