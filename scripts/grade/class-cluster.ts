/**
 * One cluster for the whole class: started once (or the dev cluster, when it
 * runs and can do what the stages need), handed to every learner's run as
 * BARE_CLUSTER_INFO. Each run gets its own run id, so its own namespaces.
 */
import { runningDevCluster } from '../cluster/dev-cluster.js';
import { nodeSupport } from '../cluster/node/prerequisites.js';
import { startCluster } from '../cluster/select.js';
import type { ClusterInfo } from '../cluster/types.js';

export interface ClassCluster {
  info: ClusterInfo;
  stop(): Promise<void>;
}

export async function classCluster(needNode: boolean, log: (line: string) => void): Promise<ClassCluster> {
  const choice = process.env.BARE_CLUSTER;
  const dev = !choice || choice === 'auto' ? runningDevCluster() : undefined;
  if (dev && (!needNode || dev.info.capabilities.node)) {
    log(`Using the dev cluster from npm run cluster:up (${dev.info.description}).`);
    return { info: dev.info, stop: async () => {} };
  }
  const node = needNode && nodeSupport();
  if (node && !node.ok) log(`No node for stage 8: ${node.why}. Its checkpoints that need one will say so.`);
  const cluster = await startCluster({ node: needNode && nodeSupport().ok, log });
  log(cluster.info.description);
  return cluster;
}
