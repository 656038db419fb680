import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../cluster/node/run.js';
import type { Log } from '../image/progress.js';
import { copyPackages } from './debian-subset.js';
import { defaultPath, staticBinaryRoot, writeDirectoryImage } from './image-archive.js';

/** The images `kubeadm config images list` names, by what they hold. */
export interface KubeadmImages {
  apiserver: string;
  controllerManager: string;
  scheduler: string;
  proxy: string;
  etcd: string;
  pause: string;
  /** Not built: the up step scales CoreDNS to zero and says why. */
  coredns?: string;
}

export function kubeadmImages(kubeadm: string, kubernetesVersion: string): KubeadmImages {
  const refs = run(kubeadm, ['config', 'images', 'list', '--kubernetes-version', `v${kubernetesVersion}`]).split('\n').filter(Boolean);
  const find = (name: string) => {
    const ref = refs.find((r) => r.split('/').pop()!.split(':')[0] === name);
    if (!ref) throw new Error(`kubeadm config images list named no ${name} image (it said: ${refs.join(', ')})`);
    return ref;
  };
  return {
    apiserver: find('kube-apiserver'),
    controllerManager: find('kube-controller-manager'),
    scheduler: find('kube-scheduler'),
    proxy: find('kube-proxy'),
    etcd: find('etcd'),
    pause: find('pause'),
    coredns: refs.find((r) => r.includes('coredns')),
  };
}

/** kube-proxy execs iptables (and conntrack to flush UDP entries): Debian's, copied from the node's root. */
const kubeProxyPackages = ['iptables', 'conntrack'];
// The iptables commands are update-alternatives links (/usr/sbin/iptables → /etc/alternatives/iptables
// → iptables-nft), which no package's file list names.
const kubeProxyExtras = ['iptables', 'iptables-restore', 'iptables-save', 'ip6tables', 'ip6tables-restore', 'ip6tables-save']
  .flatMap((name) => [`/usr/sbin/${name}`, `/etc/alternatives/${name}`])
  .concat(['/etc/ld.so.cache', '/etc/ld.so.conf']);

/**
 * The control-plane images kubeadm's manifests name, made from the workbook's
 * own binaries and written as archives into `into` (one per image, tagged with
 * kubeadm's names so nothing is pulled). Static Go programs get a one-file
 * image; kube-proxy gets Debian's iptables beside it.
 */
export function buildComponentImages(options: { binaries: string; rootfs: string; images: KubeadmImages; into: string; log: Log }): string[] {
  const { binaries, images, into, log } = options;
  mkdirSync(into, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'bare-kind-components-'));
  const written: string[] = [];
  try {
    const simple: [string, string][] = [
      ['kube-apiserver', images.apiserver],
      ['kube-controller-manager', images.controllerManager],
      ['kube-scheduler', images.scheduler],
      ['etcd', images.etcd],
    ];
    for (const [name, ref] of simple) {
      const archive = join(into, `${name}.tar`);
      writeDirectoryImage({ refs: [ref], root: staticBinaryRoot(work, join(binaries, name), name), env: [defaultPath] }, archive);
      log(`[kind-image]   ${ref} ← ${name} (built from Go modules)`);
      written.push(archive);
    }

    const proxyRoot = staticBinaryRoot(work, join(binaries, 'kube-proxy'), 'kube-proxy');
    const packages = copyPackages(options.rootfs, proxyRoot, kubeProxyPackages, kubeProxyExtras);
    const proxyArchive = join(into, 'kube-proxy.tar');
    writeDirectoryImage({ refs: [images.proxy], root: proxyRoot, env: [defaultPath] }, proxyArchive);
    log(`[kind-image]   ${images.proxy} ← kube-proxy with Debian's ${packages.length} packages for iptables and conntrack`);
    written.push(proxyArchive);

    const pause = join(work, 'pause-binary');
    run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', pause, './pause'], {
      cwd: fileURLToPath(new URL('../cluster/node/images/', import.meta.url)),
      env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    });
    const pauseRoot = join(work, 'pause');
    mkdirSync(pauseRoot);
    copyFileSync(pause, join(pauseRoot, 'pause'));
    run('chmod', ['0755', join(pauseRoot, 'pause')]);
    const pauseArchive = join(into, 'pause.tar');
    writeDirectoryImage({ refs: [images.pause], root: pauseRoot, entrypoint: ['/pause'], env: [defaultPath] }, pauseArchive);
    log(`[kind-image]   ${images.pause} ← the workbook's pause (scripts/cluster/node/images/pause)`);
    written.push(pauseArchive);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!written.every(existsSync)) throw new Error('an image archive is missing after the build');
  return written;
}
