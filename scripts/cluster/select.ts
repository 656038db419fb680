import { randomBytes } from 'node:crypto';
import { binariesObtainable } from './binaries.js';
import { startEnvtest } from './envtest.js';
import { useExistingCluster } from './existing.js';
import { dockerAvailable, startK3s } from './k3s.js';
import { nodeSupport } from './node/prerequisites.js';
import { ClusterSetupError, type ProviderName, type RunningCluster } from './types.js';

/** BARE_CLUSTER: a provider, or `auto` to take the first that can run here. */
export type ClusterChoice = ProviderName | 'auto';
const choices: ClusterChoice[] = ['auto', 'envtest', 'k3s', 'kubeconfig'];

export function parseChoice(value: string | undefined): ClusterChoice {
  const choice = (value ?? 'auto').trim() || 'auto';
  if (!(choices as string[]).includes(choice)) {
    throw new ClusterSetupError(`BARE_CLUSTER=${value} is not one of: ${choices.join(', ')}.`);
  }
  return choice as ClusterChoice;
}

/** Namespaces a run creates start with `bc-<runId>-`; short, lowercase, unique enough per machine. */
export function newRunId(): string {
  return randomBytes(3).toString('hex');
}

/**
 * Starts the cluster BARE_CLUSTER asks for. `auto` prefers local processes
 * (envtest: fastest, and can provoke a real 410), then k3s when Docker answers.
 */
export async function startCluster(options: { choice?: string; runId?: string; node?: boolean; log?: (line: string) => void } = {}): Promise<RunningCluster> {
  const choice = parseChoice(options.choice ?? process.env.BARE_CLUSTER);
  const runId = options.runId ?? newRunId();
  const log = options.log;
  const node = options.node ?? process.env.BARE_NODE === '1';
  const cluster = await startChosen(choice, runId, node, log);
  if (!cluster.info.capabilities.node) {
    cluster.info.capabilities.noNodeBecause = !node
      ? 'this run did not ask for a node (BARE_NODE=1, or npm run cluster:up -- --with-node)'
      : choice === 'envtest' || choice === 'auto'
        ? (nodeSupport().ok ? 'the node did not start' : nodeSupport().why)
        : `the ${cluster.info.provider} provider brings its own nodes; the workbook loads images only onto its own node`;
  }
  return cluster;
}

async function startChosen(choice: ClusterChoice, runId: string, wantNode: boolean, log: ((line: string) => void) | undefined): Promise<RunningCluster> {
  // A node is added where it can run; where it cannot, checkpoints that need one say why.
  const node = wantNode && nodeSupport().ok;
  switch (choice) {
    case 'envtest':
      return startEnvtest({ runId, log, node });
    case 'k3s':
      return startK3s({ runId, log });
    case 'kubeconfig':
      return useExistingCluster({ runId });
    case 'auto': {
      // Local processes first: fastest, and the only provider that can provoke a real 410.
      const local = binariesObtainable();
      if (local.ok) return startEnvtest({ runId, log, node });
      if (await dockerAvailable()) return startK3s({ runId, log });
      // Last resort: envtest with the release archive, which needs the internet.
      try {
        return await startEnvtest({ runId, log });
      } catch (error) {
        throw new ClusterSetupError(
          [
            'No Kubernetes API server can be started on this machine:',
            `  - envtest (local etcd + kube-apiserver): ${local.why}; install Go 1.26+ (it builds them once) or set KUBEBUILDER_ASSETS;`,
            `    and the envtest release archive could not be had: ${/download: (.*)/.exec((error as Error).message)?.[1] ?? (error as Error).message.split('\n')[0]}`,
            '  - k3s: no Docker engine answered; start Docker;',
            '  - or use a cluster you have: BARE_CLUSTER=kubeconfig (e.g. kind create cluster --config kind-config.yaml).',
          ].join('\n'),
        );
      }
    }
  }
}
