import { dumpYaml, type KubernetesObject } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUnreachableVerdict } from '../cluster/unreachable.js';

export interface Kubectl {
  binary: string;
  /** A kubeconfig file's path (kubectl reads files, not strings). */
  kubeconfig: string;
}

/** Runs kubectl with these objects on stdin-as-a-file; returns stdout, throws with stderr. */
function withObjects(kubectl: Kubectl, args: string[], objects: KubernetesObject[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'bare-apply-'));
  try {
    const file = join(dir, 'objects.yaml');
    writeFileSync(file, objects.map((o) => dumpYaml(o)).join('---\n'));
    const result = spawnSync(kubectl.binary, ['--kubeconfig', kubectl.kubeconfig, ...args, '-f', file], { encoding: 'utf8' });
    if (result.error) throw new Error(`kubectl: ${result.error.message}`);
    // No API server: one sentence naming it, not kubectl's thirty lines of discovery errors.
    const server = result.stderr.split('\n').map(isUnreachableVerdict).find(Boolean);
    if (result.status !== 0 && server) throw new Error(`kubectl ${args[0]}: no API server answers at ${server}; is the cluster running?`);
    if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr.trim()}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Server-side apply, as `kubectl apply --server-side`: the API server merges
 * and records who owns which field. With dryRun the server runs admission
 * (Pod Security, policies, validation) and stores nothing.
 */
export function apply(kubectl: Kubectl, objects: KubernetesObject[], options: { dryRun?: boolean } = {}): string {
  return withObjects(kubectl, ['apply', '--server-side', '--force-conflicts', '--field-manager=bare-controller-deploy', ...(options.dryRun ? ['--dry-run=server'] : [])], objects);
}

/** Deletes the objects, waiting until they are gone; absent ones are fine. */
export function remove(kubectl: Kubectl, objects: KubernetesObject[]): string {
  return withObjects(kubectl, ['delete', '--ignore-not-found', '--wait=true', '--timeout=120s'], objects);
}

/** Writes a kubeconfig string to a file kubectl can read; returns the path and a clean-up. */
export function kubeconfigOnDisk(kubeconfig: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bare-kubeconfig-'));
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, kubeconfig, { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
