import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, DockerError } from '../docker/docker.js';
import { dockerStatus } from '../docker/status.js';
import { ensureBaseImage, imageSize } from './base-image.js';
import { bundleController, checkBundleStarts, controllerEntry } from './bundle.js';
import { megabytes, stderrLog, type Log } from './progress.js';

/** What the person asking must fix (no Docker, no Dockerfile): printed as is, exit 2. */
export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

/** The Dockerfile was there but did not build: its output's last lines say why. */
export class ImageBuildError extends Error {
  override name = 'ImageBuildError';
}

export const imageRepository = 'bare-controller/mirror-controller';

/** Docker 23+ prints this on every classic build; it says nothing about the learner's Dockerfile. */
const legacyBuilderNotice = /^DEPRECATED: The legacy builder|^\s+(BuildKit is currently disabled|environment-variable\.)/;

/** The classic builder's answer to a Dockerfile without FROM is "unexpected EOF": say what is missing instead. */
function checkHasFrom(dockerfile: string): void {
  if (!/^\s*FROM\s/im.test(readFileSync(dockerfile, 'utf8'))) {
    throw new ImageBuildError(`${dockerfile} has no FROM instruction yet, so there is no image to build (stage 8, TODO 8.1).`);
  }
}

export interface BuiltImage {
  tag: string;
  sizeBytes: number;
  /** Wall time of the whole build: bundle, base image, docker build. */
  seconds: number;
  baseImage: string;
  bundleBytes: number;
}

/**
 * The tag is a hash of everything that goes into the image, never `:latest`:
 * the kubelet always tries to pull :latest, and no registry has ours. Same
 * inputs, same tag, so a rebuild without changes changes nothing in the cluster.
 */
function contentTag(context: string, files: string[], baseImageId: string): string {
  const hash = createHash('sha256').update(baseImageId);
  for (const file of files.filter((f) => existsSync(join(context, f)))) hash.update(file).update(readFileSync(join(context, file)));
  return `${imageRepository}:${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Bundles `<targetDir>/07-metrics/main.ts`, then `docker build`s
 * `<targetDir>/08-deploy/Dockerfile` with a context of just dist/main.mjs.
 * The build runs with no network: everything the image needs is in the
 * context or the base image.
 */
export async function buildControllerImage(options: { targetDir: string; tag?: string; log?: Log }): Promise<BuiltImage> {
  const { targetDir } = options;
  const log = options.log ?? stderrLog;
  const started = performance.now();
  const deployDir = join(targetDir, '08-deploy');
  const dockerfile = join(deployDir, 'Dockerfile');
  if (!existsSync(dockerfile)) throw new ImageInputError(`${targetDir} has no 08-deploy/Dockerfile: the image is built from the Dockerfile you write in stage 8.`);
  if (!existsSync(controllerEntry(targetDir))) throw new ImageInputError(`${targetDir} has no 07-metrics/main.ts: the image runs the stage 7 controller.`);
  const status = await dockerStatus();
  if (!status.usable) throw new ImageInputError(`Building the image needs Docker: ${status.why}`);
  checkHasFrom(dockerfile);

  const context = mkdtempSync(join(tmpdir(), 'bare-image-'));
  try {
    const bundle = await bundleController(targetDir, join(context, 'dist'));
    checkBundleStarts(bundle.file);
    log(`[image] bundled ${controllerEntry(targetDir)} → dist/main.mjs (${megabytes(bundle.sizeBytes)})`);
    copyFileSync(dockerfile, join(context, 'Dockerfile'));
    if (existsSync(join(deployDir, '.dockerignore'))) copyFileSync(join(deployDir, '.dockerignore'), join(context, '.dockerignore'));

    const baseImage = await ensureBaseImage(log);
    const baseId = (await docker(['image', 'inspect', '--format', '{{.Id}}', baseImage])).trim();
    const tag = options.tag ?? contentTag(context, ['Dockerfile', '.dockerignore', 'dist/main.mjs'], baseId);

    log(`[image] docker build -t ${tag} (on ${baseImage})`);
    const args = ['build', '--network', 'none', '--force-rm', '--build-arg', `BASE_IMAGE=${baseImage}`, '-t', tag, context];
    await docker(args, { tailLines: 20, onLine: (line) => /^Step \d+\/\d+ :/.test(line) && log(`[image]   ${line.length > 100 ? `${line.slice(0, 99)}…` : line}`) }).catch((error: unknown) => {
      const tail = error instanceof DockerError ? error.tail.filter((line) => !legacyBuilderNotice.test(line)).join('\n') : String(error);
      throw new ImageBuildError(`docker build of ${dockerfile} failed; its last lines:\n${tail}`);
    });
    const sizeBytes = await imageSize(tag);
    return { tag, sizeBytes, seconds: (performance.now() - started) / 1000, baseImage, bundleBytes: bundle.sizeBytes };
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
