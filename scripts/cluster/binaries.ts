import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
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
  log(`[control-plane] building the node's binaries once with ${go.why} into ${cacheDir()}`);
  await buildWithGo(cacheDir(), log, Object.values(nodeBinaryNames));
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
 * First match wins: an explicit override, the cache, a build from the official
 * Go modules, the envtest release archive. Building and downloading print progress.
 */
export async function obtainBinaries(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<ControlPlaneBinaries> {
  const found = findBinaries();
  if (found) return found;

  const dir = cacheDir();
  const go = goToolchainUsable();
  if (go.ok) {
    log(`[control-plane] no cached binaries for Kubernetes v${kubernetesVersion}: building them once with ${go.why} into ${dir}`);
    log('[control-plane] a cold build takes several minutes on two cores; later runs start in seconds');
    await buildWithGo(dir, log);
    const built = fromDir(dir, 'built from Go modules');
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
  const platform = process.platform === 'darwin' ? 'darwin' : 'linux';
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
