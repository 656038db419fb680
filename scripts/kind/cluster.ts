import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findKubectl } from '../cluster/binaries.js';
import { repoRoot } from '../workbook/paths.js';
import type { Log } from '../image/progress.js';
import { kindConfigClusterName, kindContext } from './cluster-name.js';
import { kindEnvironment } from './docker-shim.js';
import { kindCommand } from './kind-binary.js';

/** Runs a command with its output shown line by line under a prefix; rejects with its last lines. */
export function runShown(command: string, args: string[], log: Log, prefix: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
    let tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split(/\r|\n/).filter((l) => l.trim())) {
        tail = [...tail.slice(-19), line];
        log(`${prefix}${line}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${[command, ...args].join(' ')} failed (exit ${code})`))));
  });
}

export function kindClusterExists(name = kindConfigClusterName()): boolean {
  const result = spawnSync(kindCommand(), ['get', 'clusters'], { encoding: 'utf8', env: kindEnvironment() });
  return result.status === 0 && result.stdout.split('\n').includes(name);
}

/** kubectl (the workbook's build, else PATH) against the kind cluster's context. */
export function kubectlOnKind(args: string[], name = kindConfigClusterName()): { ok: boolean; output: string } {
  const result = spawnSync(findKubectl() ?? 'kubectl', ['--context', kindContext(name), ...args], { encoding: 'utf8', timeout: 300_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/**
 * `kind create cluster --config kind-config.yaml [--image …]`, kind's own
 * progress shown, then every node Ready. With the locally built node image
 * there is no CoreDNS image: its Deployment is scaled to zero and that is said.
 */
export async function createKindCluster(options: { image?: string; localImage: boolean; log: Log }): Promise<number> {
  const { log } = options;
  const started = performance.now();
  const args = ['create', 'cluster', '--config', join(repoRoot, 'kind-config.yaml'), '--wait', '180s'];
  if (options.image) args.push('--image', options.image);
  log(`[kind] ${['kind', ...args.map((a) => a.replace(`${repoRoot}/`, ''))].join(' ')}`);
  await runShown(kindCommand(), args, log, '[kind]   ', kindEnvironment(log));
  if (options.localImage) {
    const scaled = kubectlOnKind(['-n', 'kube-system', 'scale', 'deployment', 'coredns', '--replicas=0']);
    log(scaled.ok ? '[kind] CoreDNS scaled to zero: the local node image has no CoreDNS image, and nothing in the workbook resolves names in the cluster' : `[kind] could not scale CoreDNS to zero: ${scaled.output}`);
  }
  const ready = kubectlOnKind(['wait', '--for=condition=Ready', 'nodes', '--all', '--timeout=180s']);
  if (!ready.ok) throw new Error(`the kind nodes did not become Ready within 180 s: ${ready.output}`);
  const seconds = (performance.now() - started) / 1000;
  log(`[kind] cluster ${kindConfigClusterName()} ready in ${seconds.toFixed(0)} s (context ${kindContext(kindConfigClusterName())})`);
  return seconds;
}

export async function deleteKindCluster(log: Log, name = kindConfigClusterName()): Promise<void> {
  await runShown(kindCommand(), ['delete', 'cluster', '--name', name], log, '[kind]   ', kindEnvironment());
}
