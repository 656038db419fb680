import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { availableParallelism, tmpdir } from 'node:os';
import { cacheDir, kubernetesVersion } from './paths.js';
import { ClusterSetupError } from './types.js';
import { repoRoot } from '../workbook/paths.js';

export interface ControlPlaneBinaries {
  dir: string;
  etcd: string;
  kubeApiserver: string;
  /** Absent in the envtest release archive: then namespaces never finish deleting. */
  kubeControllerManager?: string;
  source: string;
}

/** What a node adds: built from the same Kubernetes release, into the same cache. */
export interface NodeBinaries {
  kubelet: string;
  kubeScheduler: string;
  kubeProxy: string;
  kubectl: string;
}

const nodeBinaryNames = { kubelet: 'kubelet', kubeScheduler: 'kube-scheduler', kubeProxy: 'kube-proxy', kubectl: 'kubectl' } as const;

function nodeBinariesIn(dir: string): NodeBinaries | undefined {
  const paths = Object.fromEntries(Object.entries(nodeBinaryNames).map(([key, name]) => [key, join(dir, name)])) as unknown as NodeBinaries;
  return Object.values(paths).every((path) => existsSync(path)) ? paths : undefined;
}

/**
 * The kubectl built with the control plane (same release as the cluster), or
 * one on PATH; undefined when there is neither.
 */
export function findKubectl(): string | undefined {
  const dir = findBinaries()?.dir;
  for (const candidate of [dir && join(dir, 'kubectl'), join(cacheDir(), 'kubectl')]) if (candidate && existsSync(candidate)) return candidate;
  const onPath = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  return onPath.status === 0 ? onPath.stdout.trim() : undefined;
}

/**
 * kubelet, kube-scheduler, kube-proxy and kubectl: next to the control plane
 * when they are there, else built into the cache (a folder from
 * $KUBEBUILDER_ASSETS has none of them).
 */
export async function obtainNodeBinaries(controlPlane: ControlPlaneBinaries, log: (line: string) => void): Promise<NodeBinaries> {
  const found = nodeBinariesIn(controlPlane.dir) ?? nodeBinariesIn(cacheDir());
  if (found) return found;
  const go = goToolchainUsable();
  if (!go.ok) throw new ClusterSetupError(`The node's binaries (kubelet, kube-scheduler, kube-proxy, kubectl) are not built, and ${go.why}: install Go 1.26+ once.`);
  const names = Object.values(nodeBinaryNames).filter((name) => !existsSync(join(cacheDir(), name)));
  log(`[control-plane] building the node's binaries (${names.join(', ')}) once with ${go.why} into ${cacheDir()}: ${buildTimeEstimate(names)}`);
  await buildWithGo(cacheDir(), log, names);
  const built = nodeBinariesIn(cacheDir());
  if (!built) throw new ClusterSetupError(`The Go build finished but ${cacheDir()} lacks the node's binaries.`);
  return built;
}

const required = ['etcd', 'kube-apiserver'] as const;

function fromDir(dir: string, source: string): ControlPlaneBinaries | undefined {
  if (!required.every((name) => existsSync(join(dir, name)))) return undefined;
  const kcm = join(dir, 'kube-controller-manager');
  return {
    dir,
    etcd: join(dir, 'etcd'),
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: existsSync(kcm) ? kcm : undefined,
    source,
  };
}

/** The override a person set, if any: our own variable first, then the one envtest users already have. */
function overrideDir(): { dir: string; variable: string } | undefined {
  for (const variable of ['BARE_CONTROL_PLANE_DIR', 'KUBEBUILDER_ASSETS']) {
    const dir = process.env[variable];
    if (dir) return { dir, variable };
  }
  return undefined;
}

export function goToolchainUsable(): { ok: boolean; why: string } {
  const result = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  if (result.error || result.status !== 0) return { ok: false, why: 'no Go toolchain on PATH' };
  const match = /^go1\.(\d+)/.exec(result.stdout.trim());
  if (!match || Number(match[1]) < 26) return { ok: false, why: `Go ${result.stdout.trim()} is too old (Kubernetes 1.36 needs go1.26 or newer)` };
  return { ok: true, why: result.stdout.trim() };
}

/** Binaries already at hand, without building or downloading anything. */
export function findBinaries(): ControlPlaneBinaries | undefined {
  const override = overrideDir();
  if (override) {
    const found = fromDir(override.dir, `$${override.variable}`);
    if (!found) throw new ClusterSetupError(`$${override.variable}=${override.dir} does not contain ${required.join(' and ')}.`);
    return found;
  }
  return fromDir(cacheDir(), 'cache');
}

/** Can envtest start without the internet: binaries at hand, or a Go toolchain to build them? */
export function binariesObtainable(): { ok: boolean; why: string } {
  try {
    if (findBinaries()) return { ok: true, why: 'binaries at hand' };
  } catch (error) {
    return { ok: false, why: (error as Error).message };
  }
  const go = goToolchainUsable();
  return go.ok ? { ok: true, why: `can build with ${go.why}` } : { ok: false, why: go.why };
}

/**
 * What a run builds when it is missing: $BARE_NEEDS_BINARIES (a lab run names what its stage needs,
 * so a first `npm run lab:1` waits for etcd and kube-apiserver only), else the whole control plane
 * and kubectl (npm test, cluster:up, grading). The rest is built when a stage first needs it.
 */
export function neededBinaries(): string[] {
  const named = process.env.BARE_NEEDS_BINARIES?.split(',').map((s) => s.trim()).filter(Boolean);
  return named?.length ? [...new Set([...required, ...named])] : [...required, 'kube-controller-manager', 'kubectl'];
}

/**
 * Minutes of one core each binary takes to compile with Go's module cache filled, in build order
 * (each reuses the packages the ones before compiled): seven in about 4 minutes on two idle cores.
 */
const coreMinutes: Record<string, number> = {
  etcd: 1.5, 'kube-apiserver': 3, 'kube-controller-manager': 1.2, kubectl: 0.8, 'kube-scheduler': 0.5, 'kube-proxy': 0.3, kubelet: 0.7,
};

/** Every binary build.sh makes, in its order. */
export const allBinaries = Object.keys(coreMinutes);

/** "about 3 minutes on 2 cores …": how long building these takes on this machine, said before it starts. */
export function buildTimeEstimate(names: string[], cores = availableParallelism()): string {
  const minutes = names.reduce((sum, name) => sum + (coreMinutes[name] ?? 1), 0) / Math.max(1, Math.min(cores, 8));
  const rounded = Math.max(1, Math.round(minutes));
  return `about ${rounded} minute${rounded === 1 ? '' : 's'} on ${cores} core${cores === 1 ? '' : 's'} (longer while the machine is busy, or while Go first downloads ~300 MB of modules)`;
}

/**
 * First match wins: an explicit override, the cache, a build from the official
 * Go modules, the envtest release archive. Building and downloading print progress.
 * Only what `needed` names is built; a cache that lacks some of it is completed.
 */
export async function obtainBinaries(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`), needed = neededBinaries()): Promise<ControlPlaneBinaries> {
  const found = findBinaries();
  const dir = cacheDir();
  const missing = (from: string) => needed.filter((name) => !existsSync(join(from, name)));
  // A folder someone set is used as it is; the cache is ours to complete.
  if (found && (found.source !== 'cache' || missing(dir).length === 0)) return found;

  const go = goToolchainUsable();
  if (found && !go.ok) return found; // without Go: what is there, and the run says what it lacks
  if (go.ok) {
    const names = missing(dir);
    log(`[control-plane] ${found ? 'this stage also needs' : `no cached binaries for Kubernetes v${kubernetesVersion}:`} ${names.join(', ')}: building ${names.length === 1 ? 'it' : 'them'} once with ${go.why} into ${dir}`);
    log(`[control-plane] that takes ${buildTimeEstimate(names)}; later runs start in seconds`);
    await buildWithGo(dir, log, names);
    const built = fromDir(dir, found ? 'cache' : 'built from Go modules');
    if (built) return built;
    throw new ClusterSetupError(`The Go build finished but ${dir} lacks ${required.join(' or ')}.`);
  }

  log(`[control-plane] ${go.why}; trying the envtest release archive instead`);
  try {
    await downloadEnvtestArchive(dir, log);
  } catch (error) {
    throw new ClusterSetupError(
      [
        'No Kubernetes control plane binaries are available, and none could be built or downloaded.',
        `  - build: ${go.why}. Install Go 1.26 or newer and run \`npm run control-plane:build\`.`,
        `  - download: ${(error as Error).message}`,
        '  - or point $KUBEBUILDER_ASSETS at a folder with etcd and kube-apiserver (e.g. from `setup-envtest`),',
        '  - or start Docker and set BARE_CLUSTER=k3s, or set BARE_CLUSTER=kubeconfig to use a kind cluster.',
      ].join('\n'),
    );
  }
  const downloaded = fromDir(dir, 'envtest release archive');
  if (!downloaded) throw new ClusterSetupError(`The envtest archive did not contain ${required.join(' and ')}.`);
  return downloaded;
}

export function buildWithGo(dir: string, log: (line: string) => void, only: string[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'scripts', 'control-plane', 'build.sh'), kubernetesVersion, dir, ...only], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (line.startsWith('[control-plane]')) log(line);
        tail = [...tail.slice(-30), line];
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new ClusterSetupError(`Building the control plane failed (exit ${code}). Last lines:\n${tail.join('\n')}`));
    });
  });
}

/** kubernetes-sigs/controller-tools publishes etcd + kube-apiserver (+ kubectl) per release. */
async function downloadEnvtestArchive(dir: string, log: (line: string) => void): Promise<void> {
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  // Binaries for this system only: Linux ones cannot run on macOS or Windows.
  if (process.platform !== 'linux' && process.platform !== 'darwin') throw new Error(`the envtest archive has no binaries for ${process.platform}`);
  const platform = process.platform;
  const tag = `envtest-v${kubernetesVersion}`;
  const url = `https://github.com/kubernetes-sigs/controller-tools/releases/download/${tag}/${tag}-${platform}-${arch}.tar.gz`;
  log(`[control-plane] downloading ${url}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`);
  const archive = join(tmpdir(), `${tag}-${process.pid}.tar.gz`);
  const { createWriteStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  const { Readable } = await import('node:stream');
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(archive));
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // The archive holds controller-tools/envtest/{etcd,kube-apiserver,kubectl}.
  const untar = spawnSync('tar', ['-xzf', archive, '-C', staging, '--strip-components=2'], { encoding: 'utf8' });
  rmSync(archive, { force: true });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}
