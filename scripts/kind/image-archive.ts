import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cluster/node/run.js';

export interface DirectoryImage {
  /** Every name the image answers to, e.g. registry.k8s.io/kube-apiserver:v1.36.3. */
  refs: string[];
  /** A folder laid out as the image's root file system (symlinks kept as they are). */
  root: string;
  entrypoint?: string[];
  /** kubeadm's manifests name commands without a path (`command: [kube-apiserver, …]`), so PATH matters. */
  env: string[];
}

/**
 * A one-layer image from a folder, as a `docker save` archive that `ctr images
 * import` reads, built with tar alone (no Docker, no registry). Owners and
 * times are fixed, so the same folder gives the same digests.
 */
export function writeDirectoryImage(image: DirectoryImage, archivePath: string): void {
  const work = mkdtempSync(join(tmpdir(), 'bare-kind-image-'));
  try {
    const layer = join(work, 'layer.tar');
    run('tar', ['--create', '--file', layer, '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--sort=name', '-C', image.root, '.']);
    const layerDigest = sha256(readFileSync(layer));
    const config = JSON.stringify({
      architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
      os: 'linux',
      config: { Entrypoint: image.entrypoint ?? null, Env: image.env },
      rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
      history: [{ created_by: 'bare-controller scripts/kind' }],
    });
    const configDigest = sha256(Buffer.from(config));
    const out = join(work, 'out');
    mkdirSync(join(out, layerDigest), { recursive: true });
    renameSync(layer, join(out, layerDigest, 'layer.tar'));
    writeFileSync(join(out, `${configDigest}.json`), config);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify([{ Config: `${configDigest}.json`, RepoTags: image.refs, Layers: [`${layerDigest}/layer.tar`] }]));
    const partial = `${archivePath}.partial`;
    run('tar', ['--create', '--file', partial, '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', out, 'manifest.json', `${configDigest}.json`, layerDigest]);
    renameSync(partial, archivePath);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A folder with one static binary in /usr/local/bin and an empty /tmp: enough for Go programs built with CGO_ENABLED=0. */
export function staticBinaryRoot(work: string, binary: string, name: string): string {
  const root = join(work, name);
  mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
  mkdirSync(join(root, 'tmp'), { recursive: true, mode: 0o1777 });
  copyFileSync(binary, join(root, 'usr/local/bin', name));
  run('chmod', ['0755', join(root, 'usr/local/bin', name)]);
  run('chmod', ['1777', join(root, 'tmp')]);
  return root;
}

export const defaultPath = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
