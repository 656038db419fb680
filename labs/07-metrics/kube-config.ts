import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../04-reconcile/index.js';

/** Where the kubelet mounts the pod's ServiceAccount token (and ca.crt, namespace). */
export const serviceAccountTokenPath = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * The API server and credentials, found the way controller-runtime's GetConfig
 * finds them: an explicit $KUBECONFIG first (so a test run inside some pod still
 * reaches the cluster it was given), then the pod's own ServiceAccount when
 * running in a cluster, then ~/.kube/config. Logs which one it used.
 */
export function loadKubeConfig(log: Logger, tokenPath = serviceAccountTokenPath): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (!process.env.KUBECONFIG && process.env.KUBERNETES_SERVICE_HOST && existsSync(tokenPath)) {
    // client-node re-reads the token file every minute: the kubelet rotates it, bound tokens expire.
    kubeConfig.loadFromCluster();
    log.info('kubeconfig', { source: 'in-cluster', server: kubeConfig.getCurrentCluster()?.server });
  } else {
    kubeConfig.loadFromDefault();
    log.info('kubeconfig', { source: 'kubeconfig', context: kubeConfig.getCurrentContext(), server: kubeConfig.getCurrentCluster()?.server });
  }
  return kubeConfig;
}
