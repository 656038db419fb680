import type { TestProject } from 'vitest/node';
import { runningDevCluster } from '../../scripts/cluster/dev-cluster.js';
import { newRunId, startCluster } from '../../scripts/cluster/select.js';
import type { ClusterInfo } from '../../scripts/cluster/types.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster every checkpoint file of this run shares; null when the run needs none. */
    cluster: ClusterInfo | null;
  }
}

/**
 * One cluster per test run, shared by all checkpoint files. In order:
 * BARE_CLUSTER=none (in-process stages) → no cluster; a cluster handed over by
 * the caller (npm test starts one for both of its passes) → attach; the dev
 * cluster from `npm run cluster:up` → attach; otherwise start one.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (process.env.BARE_CLUSTER === 'none') {
    project.provide('cluster', null);
    return;
  }
  const handedOver = process.env.BARE_CLUSTER_INFO;
  if (handedOver) {
    project.provide('cluster', { ...(JSON.parse(handedOver) as ClusterInfo), runId: newRunId() });
    return;
  }
  let dev = !process.env.BARE_CLUSTER || process.env.BARE_CLUSTER === 'auto' ? runningDevCluster() : undefined;
  if (dev && process.env.BARE_NODE === '1' && !dev.info.capabilities.node) {
    process.stderr.write('[cluster] the dev cluster has no node, and these checkpoints need one: starting a cluster with a node for this run (or: npm run cluster:down && npm run cluster:up -- --with-node)\n');
    dev = undefined;
  }
  if (dev) {
    process.stderr.write(`[cluster] using the dev cluster from npm run cluster:up (${dev.info.description})\n`);
    project.provide('cluster', { ...dev.info, runId: newRunId() });
    return;
  }
  const cluster = await startCluster({ log: (line) => process.stderr.write(`${line}\n`) });
  process.stderr.write(`[cluster] ${cluster.info.description}\n`);
  project.provide('cluster', cluster.info);
  return () => cluster.stop();
}
