import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../00-common/logger.js';

/** Where the kubelet mounts the pod's ServiceAccount token (and ca.crt, namespace). */
export const serviceAccountTokenPath = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** No API server could be found: the process should say so in one line and exit. */
export class KubeConfigError extends Error {
  override name = 'KubeConfigError';
}

/**
 * The API server and credentials, found the way controller-runtime's GetConfig
 * finds them: an explicit $KUBECONFIG first (so a test run inside some pod still
 * reaches the cluster it was given), then the pod's own ServiceAccount when
 * running in a cluster, then ~/.kube/config. Logs which one it used.
 *
 * Throws KubeConfigError when none can be loaded. client-node would otherwise
 * fall back to http://localhost:8080 without a word, and the controller would
 * retry a server that is not there every 2 s forever; client-go refuses
 * ("invalid configuration: no configuration has been provided").
 */
export function loadKubeConfig<K extends KubeConfig = KubeConfig>(log: Logger, tokenPath = serviceAccountTokenPath, kubeConfig: K = new KubeConfig() as K): K {
  if (!process.env.KUBECONFIG && process.env.KUBERNETES_SERVICE_HOST && existsSync(tokenPath)) {
    // client-node re-reads the token file every minute: the kubelet rotates it, bound tokens expire.
    kubeConfig.loadFromCluster();
    log.info('kubeconfig', { source: 'in-cluster', server: kubeConfig.getCurrentCluster()?.server });
    return kubeConfig;
  }
  const file = process.env.KUBECONFIG || join(homedir(), '.kube', 'config');
  if (!process.env.KUBECONFIG && !existsSync(file)) {
    throw new KubeConfigError(`no kubeconfig: KUBECONFIG is not set, ${file} does not exist and this is not a pod; start a cluster (npm run cluster:up) or set KUBECONFIG`);
  }
  try {
    kubeConfig.loadFromDefault();
  } catch (error) {
    throw new KubeConfigError(`cannot load the kubeconfig ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new KubeConfigError(`the kubeconfig ${file} names no current context with a cluster (current-context: ${kubeConfig.getCurrentContext() || 'none'})`);
  log.info('kubeconfig', { source: 'kubeconfig', context: kubeConfig.getCurrentContext(), server });
  return kubeConfig;
}
