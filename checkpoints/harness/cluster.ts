import { CoreV1Api, KubeConfig, type V1Namespace } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { inject, onTestFinished } from 'vitest';
import type { ClusterInfo } from '../../scripts/cluster/types.js';

/** The cluster of this run, or a plain error when the run was started without one. */
export function clusterInfo(): ClusterInfo {
  const info = inject('cluster');
  if (!info) throw new Error('This checkpoint needs a Kubernetes API server, but this run has none (BARE_CLUSTER=none).');
  return info;
}

/** Admin credentials: for the tests' own set-up and checks, never handed to the code under test. */
export function adminKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(clusterInfo().kubeconfig);
  return kc;
}

export function adminCore(): CoreV1Api {
  return adminKubeConfig().makeApiClient(CoreV1Api);
}

/**
 * Credentials of someone else (a ServiceAccount's token): for this run's API
 * server, or for `server` — a checkpoint proxy, which keeps the caller's token.
 */
export function tokenKubeConfig(token: string, server?: string): KubeConfig {
  const cluster = adminKubeConfig().getCurrentCluster()!;
  const target = server
    ? { name: 'c', server, skipTLSVerify: true }
    : { name: 'c', server: cluster.server, skipTLSVerify: cluster.skipTLSVerify, ...(cluster.caData ? { caData: cluster.caData } : {}) };
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [target],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

/** The object a read returns, or undefined when the API server says 404. */
export async function readOrAbsent<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/** Every object a run creates lives in namespaces with this prefix, labelled with the run. */
export function runPrefix(): string {
  return `bc-${clusterInfo().runId}-`;
}

/**
 * A fresh namespace for one test, deleted when the test finishes. Names are
 * `bc-<run>-<purpose>-<random>` so parallel runs and tests never share one.
 */
export async function testNamespace(purpose: string, options: { name?: string; labels?: Record<string, string> } = {}): Promise<string> {
  const safe = purpose.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 30);
  const name = options.name ?? `${runPrefix()}${safe}-${randomBytes(2).toString('hex')}`;
  const core = adminCore();
  const body: V1Namespace = { metadata: { name, labels: { 'bare-controller/run': clusterInfo().runId, ...options.labels } } };
  await core.createNamespace({ body });
  onTestFinished(async () => {
    await core.deleteNamespace({ name }).catch(() => undefined);
  });
  return name;
}

/** A ConfigMap body with a generated name; data defaults to one key. */
export function configMap(name: string, data: Record<string, string> = { key: 'value' }, labels?: Record<string, string>) {
  return { metadata: { name, ...(labels ? { labels } : {}) }, data };
}
