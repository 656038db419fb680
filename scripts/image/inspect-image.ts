import { spawn } from 'node:child_process';
import { docker, dockerEnv } from '../docker/docker.js';

/** What a checkpoint asserts about the controller image, read from the image itself. */
export interface ImageFacts {
  /** Config.User as written in the Dockerfile ('' means root). */
  user: string;
  /** A number, not 0: what runAsNonRoot can verify. */
  runsAsNumericNonRoot: boolean;
  entrypoint: string[];
  exposedPorts: string[];
  env: string[];
  /** npm or npx anywhere in the file system (a bin entry or npm's package). */
  hasNpm: boolean;
  /** Every `node_modules` folder in the file system; the bundle needs none. */
  nodeModulesDirs: string[];
  /** Development tools that have no business in a production image. */
  devTools: ('typescript' | 'tsx' | 'vitest')[];
  /** Files under /app, where the program lives. */
  appFiles: string[];
  sizeBytes: number;
}

interface ImageConfig {
  User?: string;
  Entrypoint?: string[] | null;
  ExposedPorts?: Record<string, unknown> | null;
  Env?: string[] | null;
}

export function isNumericNonRoot(user: string): boolean {
  const match = /^(\d+)(?::(\d+))?$/.exec(user);
  return match !== null && Number(match[1]) !== 0;
}

const closed = (child: ReturnType<typeof spawn>) =>
  new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });

/**
 * Every path in the image's file system, as `docker export` of a created (never
 * started) container lists it: the merged layers, with deleted files gone.
 * Folders end in '/'.
 */
export async function listImageFiles(image: string): Promise<string[]> {
  // Never started, so the entrypoint need not exist; naming one lets images without CMD be created too.
  const id = (await docker(['create', '--network', 'none', '--entrypoint', '/never-started', image])).trim();
  try {
    const exported = spawn('docker', ['export', id], { env: dockerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-t'], { stdio: ['pipe', 'pipe', 'pipe'] });
    exported.stdout.pipe(tar.stdin);
    let listing = '';
    let errors = '';
    tar.stdout.on('data', (chunk: Buffer) => (listing += chunk.toString()));
    for (const child of [exported, tar]) child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const [exportCode, tarCode] = await Promise.all([closed(exported), closed(tar)]);
    if (exportCode !== 0 || tarCode !== 0) throw new Error(`Listing the files of ${image} failed: ${errors.trim() || `docker export ${exportCode}, tar ${tarCode}`}`);
    return listing.split('\n').filter(Boolean).map((p) => p.replace(/^\.?\//, ''));
  } finally {
    await docker(['rm', '-f', id]).catch(() => undefined);
  }
}

export async function inspectImage(image: string): Promise<ImageFacts> {
  const [configJson, size] = await Promise.all([
    docker(['image', 'inspect', '--format', '{{json .Config}}', image]),
    docker(['image', 'inspect', '--format', '{{.Size}}', image]),
  ]);
  const config = JSON.parse(configJson) as ImageConfig;
  const files = await listImageFiles(image);
  const user = config.User ?? '';
  const segments = (path: string) => path.replace(/\/$/, '').split('/');
  const nodeModulesDirs = files.filter((p) => p.endsWith('node_modules/'));
  const hasPackage = (name: string) => files.some((p) => segments(p).some((s, i, all) => s === 'node_modules' && all[i + 1] === name));
  const hasBin = (name: string) => files.some((p) => segments(p).at(-2) === 'bin' && segments(p).at(-1) === name);
  return {
    user,
    runsAsNumericNonRoot: isNumericNonRoot(user),
    entrypoint: config.Entrypoint ?? [],
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    env: config.Env ?? [],
    hasNpm: hasBin('npm') || hasBin('npx') || hasPackage('npm'),
    nodeModulesDirs,
    devTools: (['typescript', 'tsx', 'vitest'] as const).filter((tool) => hasPackage(tool) || hasBin(tool === 'typescript' ? 'tsc' : tool)),
    appFiles: files.filter((p) => p.startsWith('app/') && !p.endsWith('/')),
    sizeBytes: Number(size.trim()),
  };
}
