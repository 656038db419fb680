import { createHash } from 'node:crypto';
import { copyFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from './run.js';

export interface ArchiveFile {
  /** Path inside the image, e.g. `pause`. */
  path: string;
  /** File on this machine to copy in. */
  source: string;
  mode: number;
}

export interface ArchiveImage {
  /** Repository and tag, e.g. `bare-controller/pause:1` (never `:latest`: a kubelet would try to pull it). */
  ref: string;
  files: ArchiveFile[];
  entrypoint: string[];
  /** Numeric `uid:gid`. */
  user: string;
}

/**
 * Writes a one-layer image as a `docker save` archive (manifest.json, config,
 * layer.tar) without Docker or a registry: the format `ctr images import` and
 * `docker load` both read. Enough for FROM-scratch images such as pause.
 */
export function writeImageArchive(image: ArchiveImage, archivePath: string): void {
  const work = mkdtempSync(join(tmpdir(), 'bare-image-'));
  try {
    const rootfs = join(work, 'rootfs');
    for (const file of image.files) {
      const into = join(rootfs, file.path);
      mkdirSync(dirname(into), { recursive: true });
      copyFileSync(file.source, into);
      chmodSync(into, file.mode);
    }
    const layer = join(work, 'layer.tar');
    // Fixed owner and time: the same files give the same digest, run after run.
    run('tar', ['--create', '--file', layer, '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--sort=name', '-C', rootfs, '.']);
    const layerDigest = sha256(readFileSync(layer));

    const config = JSON.stringify({
      architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
      os: 'linux',
      config: { Entrypoint: image.entrypoint, User: image.user },
      rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
      history: [{ created_by: 'bare-controller writeImageArchive' }],
    });
    const configDigest = sha256(Buffer.from(config));
    const out = join(work, 'out');
    mkdirSync(join(out, layerDigest), { recursive: true });
    copyFileSync(layer, join(out, layerDigest, 'layer.tar'));
    writeFileSync(join(out, `${configDigest}.json`), config);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify([{ Config: `${configDigest}.json`, RepoTags: [image.ref], Layers: [`${layerDigest}/layer.tar`] }]));
    run('tar', ['--create', '--file', archivePath, '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', out, 'manifest.json', `${configDigest}.json`, layerDigest]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
