import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker } from '../docker/docker.js';
import { nodeBinary, wantedNodeVersion } from './node-binary.js';
import { megabytes, step, stderrLog, type Log } from './progress.js';
import { addUsers, debianSuite, debootstrap, installNode, trim, unmountUnder } from './rootfs.js';

/** The base the Dockerfile names by default: Debian slim with Node 24, no compilers. */
export const officialBase = 'node:24-slim';

/** Our stand-in when no registry answers. Never tagged node:24-slim: nobody should mistake it for the official image. */
export const standInTag = (version: string) => `bare-controller/node-base:${version}`;

async function present(image: string): Promise<boolean> {
  try {
    await docker(['image', 'inspect', '--format', '{{.Id}}', image]);
    return true;
  } catch {
    return false;
  }
}

export async function imageSize(image: string): Promise<number> {
  return Number((await docker(['image', 'inspect', '--format', '{{.Size}}', image])).trim());
}

/**
 * The BASE_IMAGE to build the controller on, first that works:
 * $BARE_BASE_IMAGE; node:24-slim if Docker has it or can pull it (20 s);
 * the stand-in, from the cache or built once (a minute or two, as root).
 */
export async function ensureBaseImage(log: Log = stderrLog): Promise<string> {
  const override = process.env.BARE_BASE_IMAGE;
  if (override) {
    if (!(await present(override))) throw new Error(`BARE_BASE_IMAGE=${override} is not an image Docker has; pull or load it first.`);
    return override;
  }
  if (await present(officialBase)) return officialBase;
  const standIn = standInTag(wantedNodeVersion());
  if (await present(standIn)) return standIn;

  try {
    await step(log, `docker pull ${officialBase}`, () => docker(['pull', officialBase], { timeoutMs: 20_000 }));
    return officialBase;
  } catch (error) {
    const why = (error as Error).message.split('\n').find((line) => /error|timed out/i.test(line)) ?? 'no answer';
    // The stand-in is built with debootstrap, as root, on Linux: elsewhere the pull is the only way.
    if (process.platform !== 'linux') throw new Error(`No registry answers (${why.trim()}), and without ${officialBase} the base image can only be built on Linux: connect to the internet and run docker pull ${officialBase}, then try again.`);
    log(`[image] no registry answers (${why.trim()}); building ${standIn} from Debian ${debianSuite} and Node instead, once`);
  }
  await buildStandIn(standIn, log);
  return standIn;
}

/**
 * debootstrap minbase + the official Node binary + non-root users, trimmed,
 * imported as one layer. Built in a temp folder that is always removed; only a
 * finished import gets the tag, so a failed build leaves nothing to trust.
 */
export async function buildStandIn(tag: string, log: Log = stderrLog): Promise<{ seconds: number; sizeBytes: number }> {
  const started = performance.now();
  const version = wantedNodeVersion();
  const work = mkdtempSync(join(tmpdir(), 'bare-node-base-'));
  const rootfs = join(work, 'rootfs');
  try {
    const binary = await nodeBinary(version, work, log);
    await step(log, `debootstrap --variant=minbase ${debianSuite}`, () => debootstrap(rootfs, log));
    installNode(rootfs, binary);
    addUsers(rootfs);
    trim(rootfs);
    await step(log, `docker import as ${tag}`, () => importRootfs(rootfs, tag, version));
  } finally {
    unmountUnder(rootfs);
    rmSync(work, { recursive: true, force: true });
  }
  const sizeBytes = await imageSize(tag);
  const seconds = (performance.now() - started) / 1000;
  log(`[image] ${tag}: ${megabytes(sizeBytes)}, built in ${seconds.toFixed(0)} s`);
  return { seconds, sizeBytes };
}

/** `tar -C rootfs -c . | docker import -`, with the config node:24-slim has (PATH, NODE_VERSION, CMD node). */
function importRootfs(rootfs: string, tag: string, version: string): Promise<string> {
  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar of the base root file system failed (exit ${code})`))));
  });
  const changes = [
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `ENV NODE_VERSION=${version}`,
    'CMD ["node"]',
    `LABEL org.opencontainers.image.title="bare-controller node base" org.opencontainers.image.description="Stand-in for node:24-slim, built locally: Debian ${debianSuite} minbase and Node ${version}"`,
  ];
  const imported = docker(['import', ...changes.flatMap((c) => ['--change', c]), '-', tag], { input: tar.stdout });
  return Promise.all([imported, tarDone]).then(([id]) => id);
}
