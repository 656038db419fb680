/**
 * npm run kubectl -- <args>   kubectl from the same Kubernetes release as the local cluster
 *
 * Uses the kubectl built with the control plane. When KUBECONFIG is unset and
 * the dev cluster (`npm run cluster:up`) runs, it talks to that cluster. Every
 * argument is kubectl's: `npm run kubectl -- get pods --help` is kubectl's help.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { defineCommand, UsageError } from '../workbook/command.js';

const command = defineCommand({
  name: 'kubectl',
  usage: ['npm run kubectl -- <kubectl arguments>   kubectl from the local cluster\'s release, on the dev cluster when KUBECONFIG is unset'],
  about: 'Every other argument is kubectl\'s own (npm run kubectl -- get pods --help: kubectl\'s help for get).',
  flags: {},
  positionals: true,
  passOn: true,
});
// Only a bare --help is ours; with a kubectl command before it, it is kubectl's.
const args = process.argv.slice(2);
if (args.length === 1) command.parse(args);

await command.run(async () => {
  const { findKubectl } = await import('../cluster/binaries.js');
  const { devKubeconfigPath, runningDevCluster } = await import('../cluster/dev-cluster.js');
  const { isUnreachableNoise, isUnreachableVerdict, unreachableSentence } = await import('../cluster/unreachable.js');
  let kubectl: string | undefined;
  try {
    kubectl = findKubectl();
  } catch (error) {
    // e.g. $KUBEBUILDER_ASSETS names a folder without the binaries
    throw new UsageError((error as Error).message);
  }
  if (!kubectl) throw new UsageError('No kubectl here yet: run `npm run control-plane:build`, which builds it with the cluster.');

  const env = { ...process.env };
  const usingDevCluster = !env.KUBECONFIG && Boolean(runningDevCluster());
  if (usingDevCluster) {
    env.KUBECONFIG = devKubeconfigPath;
    process.stderr.write(`kubectl: using the dev cluster (KUBECONFIG=${devKubeconfigPath})\n`);
  }
  // npm runs scripts from the repository root; relative paths (-f ./x.yaml) mean the folder you typed in.
  const child = spawn(kubectl, args, { stdio: ['inherit', 'inherit', 'pipe'], env, cwd: process.env.INIT_CWD ?? process.cwd() });
  // Its errors pass through as they come, except the thirty lines it prints when no API server answers: one sentence instead.
  let unreachable: string | undefined;
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (isUnreachableNoise(line)) unreachable = isUnreachableVerdict(line) ?? unreachable ?? 'its server';
    else process.stderr.write(`${line}\n`);
  });
  return new Promise<number>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`Could not run ${kubectl}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (unreachable) process.stderr.write(`${unreachableSentence(unreachable, usingDevCluster)}\n`);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 1));
    });
  });
});
