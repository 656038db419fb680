import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEnvtest } from './envtest.js';
import { devClusterDir } from './paths.js';
import type { ClusterInfo } from './types.js';

/** What `npm run cluster:up` leaves behind so later runs can attach instead of starting their own. */
export interface DevClusterHandle {
  info: ClusterInfo;
  pids: number[];
  dir: string;
}

export const handlePath = join(devClusterDir, 'handle.json');
export const devKubeconfigPath = join(devClusterDir, 'kubeconfig');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The dev cluster, if one was started and all its processes still run. */
export function runningDevCluster(): DevClusterHandle | undefined {
  if (!existsSync(handlePath)) return undefined;
  try {
    const handle = JSON.parse(readFileSync(handlePath, 'utf8')) as DevClusterHandle;
    return handle.pids.length > 0 && handle.pids.every(alive) ? handle : undefined;
  } catch {
    return undefined;
  }
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
