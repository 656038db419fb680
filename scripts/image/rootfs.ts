import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from './progress.js';

export const debianSuite = 'bookworm';

/** Non-root users the image offers: distroless's `nonroot`, and `node` as the official image has it. */
export const imageUsers = [
  { name: 'nonroot', id: 65532 },
  { name: 'node', id: 1000 },
] as const;

/** The Debian mirror apt uses on this machine (deb822 or one-line sources), so debootstrap goes where apt already can. */
export function debianMirror(): string {
  if (process.env.BARE_DEBIAN_MIRROR) return process.env.BARE_DEBIAN_MIRROR;
  const sources = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'].filter(existsSync).map((f) => readFileSync(f, 'utf8'));
  for (const text of sources) {
    const uri = /^URIs:\s*(\S+)/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\w+\s/m.exec(text)?.[1];
    if (uri && !uri.includes('security')) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/**
 * `debootstrap --variant=minbase`: the smallest Debian that apt calls a system
 * (libc, libstdc++ for node, a shell, dpkg and apt), like debian:bookworm-slim.
 * Prints one line per phase (retrieving, extracting, configuring…), not per package.
 */
export function debootstrap(rootfs: string, log: Log): Promise<void> {
  if (spawnSync('debootstrap', ['--version']).error) return Promise.reject(new Error('debootstrap is not installed (apt-get install debootstrap), so no Node base image can be built without a registry.'));
  if (process.getuid?.() !== 0) return Promise.reject(new Error('Building the Node base image runs debootstrap, which needs root; or `docker load` a node:24-slim image first.'));
  const mirror = debianMirror();
  return new Promise((resolve, reject) => {
    const child = spawn('debootstrap', ['--variant=minbase', '--components=main', debianSuite, rootfs, mirror], { stdio: ['ignore', 'pipe', 'pipe'] });
    const phases = new Set<string>();
    let tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail = [...tail.slice(-14), line];
        const word = /^I: (\w+)/.exec(line)?.[1];
        if (word && !phases.has(word)) {
          phases.add(word);
          log(`[image]   debootstrap: ${line.slice(3)}`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`debootstrap ${debianSuite} from ${mirror} failed (exit ${code}). Last lines:\n${tail.join('\n')}`))));
  });
}

/**
 * debootstrap mounts /proc and /sys inside the root it builds and unmounts them
 * when it ends; if it was killed half-way they stay, and removing the folder
 * would descend into the host's /proc. So: unmount anything still under it first.
 */
export function unmountUnder(rootfs: string): void {
  if (!existsSync('/proc/self/mounts')) return;
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(`${rootfs}/`))
    .reverse();
  for (const point of mounts) spawnSync('umount', ['-l', point]);
}

/** Empties a folder inside the root file system, keeping the folder itself. */
function empty(rootfs: string, dir: string): void {
  const path = join(rootfs, dir);
  if (!existsSync(path)) return;
  for (const entry of readdirSync(path)) rmSync(join(path, entry), { recursive: true, force: true });
}

/** What a container never reads: docs, man pages, translations, apt's package lists and caches, build-time logs. */
export function trim(rootfs: string): void {
  for (const dir of ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'usr/share/lintian', 'var/lib/apt/lists', 'var/cache/apt', 'var/cache/debconf', 'var/log', 'tmp', 'var/tmp']) {
    empty(rootfs, dir);
  }
  for (const old of readdirSync(join(rootfs, 'var/lib/dpkg')).filter((f) => f.endsWith('-old'))) rmSync(join(rootfs, 'var/lib/dpkg', old), { force: true });
  // The build machine's name and resolver do not belong in an image; Docker mounts the pod's own.
  writeFileSync(join(rootfs, 'etc/hostname'), '');
  writeFileSync(join(rootfs, 'etc/resolv.conf'), '');
}

/** Accounts for the numeric USER of the Dockerfile, so `whoami` and home directories make sense inside. */
export function addUsers(rootfs: string): void {
  for (const { name, id } of imageUsers) {
    appendFileSync(join(rootfs, 'etc/passwd'), `${name}:x:${id}:${id}:${name}:/home/${name}:/usr/sbin/nologin\n`);
    appendFileSync(join(rootfs, 'etc/group'), `${name}:x:${id}:\n`);
    const home = join(rootfs, 'home', name);
    mkdirSync(home, { recursive: true });
    chownSync(home, id, id);
  }
}

/** Node where the official image keeps it, so PATH and scripts written for node:24-slim work unchanged. */
export function installNode(rootfs: string, binary: string): void {
  const target = join(rootfs, 'usr/local/bin/node');
  mkdirSync(join(rootfs, 'usr/local/bin'), { recursive: true });
  copyFileSync(binary, target);
  chmodSync(target, 0o755);
}
