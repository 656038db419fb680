import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEnvtest } from './envtest.js';
import { readNodeRecord } from './node/leftovers.js';
import { stopDetachedNode } from './node/node.js';
import { devClusterDir } from './paths.js';
import { alive, processesUsing, terminate } from './processes.js';
import type { ClusterInfo } from './types.js';

/** What `npm run cluster:up` leaves behind so later runs can attach instead of starting their own. */
export interface DevClusterHandle {
  info: ClusterInfo;
  pids: number[];
  dir: string;
}

export const handlePath = join(devClusterDir, 'handle.json');
export const devKubeconfigPath = join(devClusterDir, 'kubeconfig');

/** The handle `cluster:up` left, whatever state its processes are in. */
export function devClusterHandle(): DevClusterHandle | undefined {
  if (!existsSync(handlePath)) return undefined;
  try {
    return JSON.parse(readFileSync(handlePath, 'utf8')) as DevClusterHandle;
  } catch {
    return undefined;
  }
}

/** The dev cluster, if one was started and all its processes still run. */
export function runningDevCluster(): DevClusterHandle | undefined {
  const handle = devClusterHandle();
  return handle && handle.pids.length > 0 && handle.pids.every(alive) ? handle : undefined;
}

/**
 * Stops the dev cluster whatever state it is in — all up, or one process
 * dead and the rest running on — and removes its files: the node first
 * (drained when the API server still answers), then every process that
 * names the cluster's folder, then the folder.
 */
export async function stopDevCluster(handle: DevClusterHandle, say: (line: string) => void, filesDir = devClusterDir): Promise<void> {
  const node = readNodeRecord();
  if (node && node.clusterDir === handle.dir) {
    say('Draining and stopping the node…');
    await stopDetachedNode(node, handle.info.kubeconfig);
  }
  // By folder (no stranger can match), plus the recorded PIDs where there is no /proc to look in.
  const pids = [...new Set([...processesUsing(handle.dir), ...(existsSync('/proc/self') ? [] : handle.pids.filter(alive))])];
  await terminate(pids, 10_000);
  rmSync(handle.dir, { recursive: true, force: true });
  rmSync(filesDir, { recursive: true, force: true });
}

/** Starts the dev cluster (detached: it outlives this process) and leaves its handle and kubeconfig in .cluster/. */
export async function startDevCluster(options: { withNode: boolean; log: (line: string) => void }): Promise<DevClusterHandle> {
  const cluster = await startEnvtest({ runId: 'dev', detached: true, node: options.withNode, log: options.log });
  mkdirSync(devClusterDir, { recursive: true });
  writeFileSync(devKubeconfigPath, cluster.info.kubeconfig, { mode: 0o600 });
  const handle: DevClusterHandle = { info: cluster.info, pids: cluster.pids, dir: cluster.dir };
  writeFileSync(handlePath, JSON.stringify(handle, null, 2), { mode: 0o600 });
  return handle;
}
