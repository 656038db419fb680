/**
 * What a lab run says before its cluster starts: nothing more when the binaries are at hand, and
 * when they must be built first, which ones and for about how long (from this machine's cores).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildTimeEstimate, findBinaries, goToolchainUsable } from '../cluster/binaries.js';
import { runningDevCluster } from '../cluster/dev-cluster.js';
import { cacheDir } from '../cluster/paths.js';

export function firstBuildNote(needed: string[]): string {
  if (process.env.BARE_CLUSTER && !['auto', 'envtest'].includes(process.env.BARE_CLUSTER)) return '';
  if (runningDevCluster()) return '';
  let found;
  try {
    found = findBinaries();
  } catch {
    return ''; // a folder set by hand that lacks them: the cluster's start says so
  }
  if (found && found.source !== 'cache') return '';
  const missing = needed.filter((name) => !existsSync(join(cacheDir(), name)));
  if (missing.length === 0 || !goToolchainUsable().ok) return '';
  return `; first building ${missing.join(', ')} once, ${buildTimeEstimate(missing)}`;
}
