import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImageArchive } from './image-archive.js';
import { run } from './run.js';

/** Small Go programs the node runs as FROM-scratch images, so it needs no registry. */
export const nodeImages = {
  /** The pod sandbox: holds a pod's namespaces. */
  pause: { program: 'pause', ref: 'docker.io/bare-controller/pause:1' },
  /** Self-test: reaches the API server from a pod with in-cluster config. */
  inclusterProbe: { program: 'incluster-probe', ref: 'docker.io/bare-controller/incluster-probe:1' },
} as const;

export type NodeImage = (typeof nodeImages)[keyof typeof nodeImages];

/**
 * Builds the program (static, no cgo) and its one-layer image archive once
 * into the cache, and returns the archive's path. The image runs as nobody.
 */
export function goImageArchive(cacheDir: string, image: NodeImage, log: (line: string) => void): string {
  const archive = join(cacheDir, 'images', `${image.program}.tar`);
  if (existsSync(archive)) return archive;
  log(`[node] building the ${image.program} image (a small Go program, FROM scratch)`);
  mkdirSync(join(cacheDir, 'images'), { recursive: true });
  const binary = join(cacheDir, 'images', `.${image.program}.partial`);
  run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', binary, `./${image.program}`], {
    cwd: fileURLToPath(new URL('./images/', import.meta.url)),
    env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
  });
  const partial = `${archive}.partial`;
  writeImageArchive({ ref: image.ref, files: [{ path: image.program, source: binary, mode: 0o755 }], entrypoint: [`/${image.program}`], user: '65534:65534' }, partial);
  renameSync(partial, archive);
  rmSync(binary, { force: true });
  return archive;
}
