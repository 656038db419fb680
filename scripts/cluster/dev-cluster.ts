import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
