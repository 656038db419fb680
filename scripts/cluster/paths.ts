import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../workbook/paths.js';

/** Kubernetes release the local control plane is built from. */
export const kubernetesVersion = process.env.BARE_K8S_VERSION ?? '1.36.3';

/**
 * Bumped when build.sh changes what it produces (r2: version-stamped binaries,
 * plus the node and kubectl), so an older cache is rebuilt instead of trusted.
 */
const buildRevision = 2;

/**
 * Built binaries live outside the checkout so every clone on the machine (and
 * CI's fresh clone) reuses them: a cold build takes minutes, a cached start seconds.
 */
export function cacheDir(): string {
  const base = process.env.BARE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bare-controller');
  return join(base, 'control-plane', `v${kubernetesVersion}-r${buildRevision}`);
}

/** Where `npm run cluster:up` leaves the dev cluster's handle and kubeconfig. */
export const devClusterDir = join(repoRoot, '.cluster');
