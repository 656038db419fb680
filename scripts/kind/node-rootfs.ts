import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { debianMirror, debianSuite, trim, unmountUnder } from '../image/rootfs.js';
import type { Log } from '../image/progress.js';

/**
 * What a kind node runs, all from Debian: systemd as PID 1; containerd, runc and
 * the CNI plugins for pods; iptables, conntrack and iproute2 for kube-proxy and
 * the pod network; mount/util-linux/kmod for the kubelet's volumes; socat for
 * port-forward; ca-certificates for TLS clients.
 */
export const nodePackages = [
  'systemd', 'systemd-sysv', 'dbus',
  'containerd', 'runc', 'containernetworking-plugins', 'libseccomp2',
  'iptables', 'ebtables', 'conntrack', 'iproute2', 'ethtool',
  'util-linux', 'mount', 'kmod', 'procps', 'socat', 'ca-certificates',
];

/**
 * debootstrap of the node's Debian, once into the cache folder (a finished
 * folder is renamed into place, so an interrupted run leaves nothing to trust).
 * One line per debootstrap phase.
 */
export async function nodeRootfs(cache: string, log: Log): Promise<string> {
  const rootfs = join(cache, `rootfs-${debianSuite}`);
  if (existsSync(rootfs)) {
    log(`[kind-image] Debian ${debianSuite} root for the node: cached (${rootfs})`);
    return rootfs;
  }
  const partial = `${rootfs}.partial`;
  unmountUnder(partial);
  rmSync(partial, { recursive: true, force: true });
  const mirror = debianMirror();
  log(`[kind-image] debootstrap ${debianSuite} from ${mirror} with ${nodePackages.length} packages and their dependencies (a few minutes, once)`);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('debootstrap', ['--variant=minbase', '--components=main', `--include=${nodePackages.join(',')}`, debianSuite, partial, mirror], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail: string[] = [];
    let last = '';
    let count = 0;
    let shownAt = 0;
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail = [...tail.slice(-14), line];
        // debootstrap says 'Retrieving x', 'Validating x', 'Unpacking x'… for each of ~150
        // packages: a line when the phase changes, then a count at most every 10 s.
        const word = /^I: (\w+)/.exec(line)?.[1];
        if (!word) continue;
        const phase = word === 'Validating' ? 'Retrieving' : word;
        const seconds = (performance.now() - started) / 1000;
        if (phase !== last) {
          last = phase;
          count = 0;
          shownAt = seconds;
          log(`[kind-image]   debootstrap: ${line.slice(3)} (${seconds.toFixed(0)} s)`);
          continue;
        }
        count += 1;
        if (seconds - shownAt >= 10) {
          shownAt = seconds;
          log(`[kind-image]   debootstrap: ${phase.toLowerCase()}, ${count} more so far (${seconds.toFixed(0)} s)`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(new Error(`debootstrap could not start (${error.message}): apt-get install debootstrap`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`debootstrap failed (exit ${code}). Last lines:\n${tail.join('\n')}`))));
  }).finally(() => unmountUnder(partial));
  finishRootfs(partial, rootfs);
  log(`[kind-image] Debian root ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return rootfs;
}

/** Trims a finished debootstrap and renames it into place. */
export function finishRootfs(partial: string, rootfs: string): void {
  quietSystemd(partial);
  trim(partial);
  renameSync(partial, rootfs);
}

/**
 * A container boots no hardware: drop the units Debian enables that would wait
 * for udev, ttys or local disks, so systemd reaches multi-user.target quickly
 * (kind waits for that line before it runs kubeadm).
 */
function quietSystemd(rootfs: string): void {
  const drop = (dir: string, match: (name: string) => boolean) => {
    const path = join(rootfs, dir);
    if (!existsSync(path)) return;
    for (const name of readdirSync(path).filter(match)) rmSync(join(path, name), { recursive: true, force: true });
  };
  for (const dir of ['etc/systemd/system']) drop(dir, (name) => name.endsWith('.wants'));
  drop('lib/systemd/system/multi-user.target.wants', () => true);
  drop('lib/systemd/system/local-fs.target.wants', () => true);
  drop('lib/systemd/system/sockets.target.wants', (name) => name.includes('udev') || name.includes('initctl'));
  drop('lib/systemd/system/sysinit.target.wants', (name) => name.startsWith('systemd-udev') || name === 'systemd-tmpfiles-setup.service' || name.includes('binfmt'));
}
