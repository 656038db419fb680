import { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RunningCluster } from './types.js';
import { ClusterSetupError } from './types.js';

/** Context names that local development clusters get from their tools. */
const localContextPatterns = [/^kind-/, /^k3d-/, /^minikube$/, /^docker-desktop$/, /^rancher-desktop$/, /^colima/, /^orbstack$/, /^microk8s$/, /^envtest-/];

export function looksLocal(context: string): boolean {
  return localContextPatterns.some((pattern) => pattern.test(context));
}

/**
 * An existing cluster from a kubeconfig (e.g. `kind create cluster --config
 * kind-config.yaml`). Checkpoints create namespaces there, so a context that
 * does not look like a local dev cluster is refused unless the person names it
 * in BARE_ALLOW_CONTEXT — a typo in KUBECONFIG must not reach production.
 */
export async function useExistingCluster(options: { runId: string; env?: NodeJS.ProcessEnv }): Promise<RunningCluster> {
  const env = options.env ?? process.env;
  const path = env.KUBECONFIG?.split(':')[0] || join(homedir(), '.kube', 'config');
  let yaml: string;
  try {
    yaml = readFileSync(path, 'utf8');
  } catch {
    throw new ClusterSetupError(`BARE_CLUSTER=kubeconfig: cannot read ${path}. Set KUBECONFIG, or create a cluster: kind create cluster --config kind-config.yaml`);
  }
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  const context = env.BARE_CONTEXT ?? kc.getCurrentContext();
  if (!kc.getContextObject(context)) throw new ClusterSetupError(`BARE_CLUSTER=kubeconfig: context "${context}" is not in ${path}.`);
  kc.setCurrentContext(context);
  if (!looksLocal(context) && env.BARE_ALLOW_CONTEXT !== context) {
    throw new ClusterSetupError(
      [
        `Refusing to run checkpoints against context "${context}": it does not look like a local development cluster`,
        `(kind-*, k3d-*, minikube, docker-desktop, rancher-desktop, ...). Checkpoints create and delete namespaces.`,
        `If this really is a disposable cluster, say so: BARE_ALLOW_CONTEXT=${context}`,
      ].join('\n'),
    );
  }
  return {
    info: {
      provider: 'kubeconfig',
      kubeconfig: kc.exportConfig(),
      runId: options.runId,
      description: `existing cluster: context ${context} from ${path}`,
      capabilities: { controllers: true },
    },
    async stop() {
      // Not ours to stop; the checkpoints delete their own namespaces.
    },
  };
}
