import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessGroup } from '../process-group.js';
import { lacksSysResource } from './prerequisites.js';
import { run, succeeds } from './run.js';

export interface Containerd {
  /** The gRPC socket the kubelet (CRI) and ctr talk to. */
  address: string;
  root: string;
  state: string;
}

/** The namespace the CRI plugin keeps Kubernetes' images and containers in. */
export const criNamespace = 'k8s.io';

/**
 * containerd with the CRI plugin, on its own root, state and socket, so it
 * never meets the machine's own containerd or Docker's. Config version 2 is
 * what Debian's containerd 1.6 reads (2.x reads it too, and migrates it).
 */
export async function startContainerd(group: ProcessGroup, dir: string, options: { sandboxImage: string; cniBinDir: string; cniConfDir: string }): Promise<Containerd> {
  const containerd: Containerd = { address: join(dir, 'containerd.sock'), root: join(dir, 'root'), state: join(dir, 'state') };
  mkdirSync(dir, { recursive: true });
  const config = `version = 2
root = "${containerd.root}"
state = "${containerd.state}"
# The opt plugin would write to /opt/containerd: nothing here may live outside this folder.
disabled_plugins = ["io.containerd.internal.v1.opt"]

[grpc]
  address = "${containerd.address}"
[ttrpc]
  address = "${containerd.address}.ttrpc"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${options.sandboxImage}"
  # The kubelet's exec/attach/port-forward streams: loopback only.
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  restrict_oom_score_adj = ${lacksSysResource()}
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${options.cniBinDir}"
    conf_dir = "${options.cniConfDir}"
`;
  writeFileSync(join(dir, 'config.toml'), config);
  group.start('containerd', 'containerd', ['--config', join(dir, 'config.toml'), '--log-level', 'warn'], join(dir, 'containerd.log'));
  const deadline = Date.now() + 20_000;
  while (!succeeds('ctr', ['--address', containerd.address, 'version'])) {
    group.assertAlive();
    if (Date.now() > deadline) throw new Error(`containerd did not answer on ${containerd.address} within 20s. Last lines of its log:\n${group.logTail('containerd')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return containerd;
}

/** Imports a `docker save` or OCI archive into the CRI namespace, where the kubelet finds it. */
export function importImageArchive(address: string, archive: string): void {
  run('ctr', ['--address', address, '--namespace', criNamespace, 'images', 'import', archive]);
}

/** The image references containerd holds for Kubernetes. */
export function listImages(address: string): string[] {
  return run('ctr', ['--address', address, '--namespace', criNamespace, 'images', 'list', '--quiet']).split('\n').filter(Boolean);
}
