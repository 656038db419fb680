import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Installed packages in a Debian root: name → the names its Depends and Pre-Depends list (first of each `a | b`). */
function installedPackages(rootfs: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  for (const block of readFileSync(join(rootfs, 'var/lib/dpkg/status'), 'utf8').split('\n\n')) {
    const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(block)?.[1];
    const name = field('Package');
    if (!name || !field('Status')?.endsWith(' installed')) continue;
    const depends = [field('Pre-Depends'), field('Depends')]
      .filter((list): list is string => Boolean(list))
      .flatMap((list) => list.split(','))
      .map((alternatives) => alternatives.split('|')[0]!.trim().split(/[\s:(]/)[0]!)
      .filter(Boolean);
    packages.set(name, depends);
  }
  return packages;
}

/** The packages and everything they depend on, as installed in the root. */
export function dependencyClosure(rootfs: string, roots: string[]): string[] {
  const installed = installedPackages(rootfs);
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !installed.has(name)) return;
    seen.add(name);
    for (const dependency of installed.get(name)!) visit(dependency);
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/** Files dpkg says a package installed (its .list), as absolute paths inside the root. */
function packageFiles(rootfs: string, name: string): string[] {
  const list = [`${name}.list`, `${name}:amd64.list`, `${name}:arm64.list`].map((file) => join(rootfs, 'var/lib/dpkg/info', file)).find(existsSync);
  return list ? readFileSync(list, 'utf8').split('\n').filter((line) => line.startsWith('/')) : [];
}

/**
 * Copies the files of some packages (with their dependencies) from a Debian
 * root into a new one: the merged-/usr links (/lib → usr/lib…), regular files
 * and symlinks where dpkg put them, and `extra` paths dpkg does not list
 * (alternatives, the loader cache). Gives a small image with real Debian
 * binaries, e.g. iptables for kube-proxy, without a second debootstrap.
 */
export function copyPackages(rootfs: string, into: string, roots: string[], extra: string[]): string[] {
  const names = dependencyClosure(rootfs, roots);
  for (const link of ['bin', 'sbin', 'lib', 'lib64']) {
    const path = join(rootfs, link);
    if (existsSync(path) && lstatSync(path).isSymbolicLink() && !existsSync(join(into, link))) symlinkSync(readlinkSync(path), join(into, link));
  }
  const copy = (path: string) => {
    // Resolve the folder through the merged-/usr links, keep the entry itself (a symlink stays one).
    // Folders the root was trimmed of (docs, man pages) are gone: nothing to copy from them.
    if (!existsSync(dirname(join(rootfs, path)))) return;
    const source = join(realpathSync(dirname(join(rootfs, path))), path.split('/').pop()!);
    if (!existsSync(source) && !isLink(source)) return;
    const stat = lstatSync(source);
    if (stat.isDirectory()) return;
    const target = join(into, relative(rootfs, source));
    if (existsSync(target) || isLink(target)) return;
    mkdirSync(dirname(target), { recursive: true });
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else cpSync(source, target, { preserveTimestamps: true });
  };
  for (const name of names) packageFiles(rootfs, name).forEach(copy);
  extra.forEach(copy);
  return names;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
