import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importImageArchive, listImages } from './containerd.js';
import { run } from './run.js';
import type { NodeInfo } from '../types.js';

/**
 * Puts an image from this machine's Docker onto the node, as `kind load
 * docker-image` does for kind: `docker save`, then an import into the CRI
 * namespace of the node's containerd. Pods then use it with
 * imagePullPolicy IfNotPresent (or a non-latest tag): nothing is pulled.
 */
export function loadDockerImage(node: Pick<NodeInfo, 'containerdAddress'>, ref: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'bare-load-'));
  try {
    const archive = join(dir, 'image.tar');
    run('docker', ['save', '--output', archive, ref]);
    importImageArchive(node.containerdAddress, archive);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads an image archive (`docker save` or OCI layout) onto the node. */
export function loadImageArchive(node: Pick<NodeInfo, 'containerdAddress'>, archive: string): void {
  importImageArchive(node.containerdAddress, archive);
}

/** The references the node can run without pulling, normalized (`docker.io/library/…`). */
export function nodeImageRefs(node: Pick<NodeInfo, 'containerdAddress'>): string[] {
  return listImages(node.containerdAddress);
}
