import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir } from '../cluster/paths.js';

/** The kind release proven here (its node image format and kubeadm config). */
export const kindVersion = process.env.BARE_KIND_VERSION ?? 'v0.33.0';

/** ~/.cache/bare-controller/kind/<version>/kind: beside the control plane's binaries, shared by every clone. */
export function cachedKindPath(): string {
  return join(dirname(dirname(cacheDir())), 'kind', kindVersion, 'kind');
}

/** The kind to run: the one the workbook built, else whatever `kind` is on PATH. */
export function kindCommand(): string {
  const cached = cachedKindPath();
  return existsSync(cached) ? cached : 'kind';
}

/**
 * `go install sigs.k8s.io/kind@<version>` into the cache, once: only the Go
 * module proxy is needed. Prints each module and package as Go reaches it
 * (a heartbeat: about 30 s on an idle machine).
 */
export async function ensureKind(log: (line: string) => void): Promise<string> {
  const target = cachedKindPath();
  if (existsSync(target)) return target;
  if (spawnSync('go', ['version']).error) throw new Error(`No Go toolchain on PATH to build kind ${kindVersion}: install Go, or install kind yourself (https://kind.sigs.k8s.io).`);
  mkdirSync(dirname(target), { recursive: true });
  log(`[kind] building kind ${kindVersion} from its Go module (go install sigs.k8s.io/kind@${kindVersion})`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', '-v', '-trimpath', '-ldflags=-s -w', `sigs.k8s.io/kind@${kindVersion}`], {
      env: { ...process.env, GOBIN: dirname(target), CGO_ENABLED: '0', GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let count = 0;
    let tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail = [...tail.slice(-9), line];
        if (line.startsWith('go: downloading')) log(`[kind]   ${line.slice(4)}`);
        else if (++count % 25 === 0) log(`[kind]   ${count} packages compiled`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`go install sigs.k8s.io/kind@${kindVersion} failed (exit ${code}):\n${tail.join('\n')}`))));
  });
  log(`[kind] kind ${kindVersion} built in ${((Date.now() - started) / 1000).toFixed(0)}s: ${target}`);
  return target;
}
