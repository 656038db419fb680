import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { goToolchainUsable } from '../../cluster/binaries.js';
import { cacheDir } from '../../cluster/paths.js';
import { ClusterSetupError } from '../../cluster/types.js';
import { repoRoot } from '../../workbook/paths.js';

const source = join(repoRoot, 'scripts', 'bench', 'client-go');

/** ~/.cache/bare-controller/bench: a sibling of the control plane's cache, under the same base. */
export function benchCacheDir(): string {
  return join(dirname(dirname(cacheDir())), 'bench');
}

/**
 * The Go half of the comparison, built once with the local toolchain and kept
 * in the cache under a hash of its sources and the Go version: an edit to a
 * .go file (or a new Go) rebuilds, anything else reuses.
 */
export async function clientGoBenchBinary(log: (line: string) => void): Promise<string> {
  const go = goToolchainUsable();
  if (!go.ok) throw new ClusterSetupError(`The client-go comparison builds a small Go program, and ${go.why}: install Go 1.26+.`);
  const hash = createHash('sha256').update(go.why);
  for (const file of readdirSync(source).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum').sort()) {
    hash.update(`${file}\0`).update(readFileSync(join(source, file))).update('\0');
  }
  const binary = join(benchCacheDir(), `client-go-bench-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(binary)) return binary;

  mkdirSync(benchCacheDir(), { recursive: true });
  log(`[bench] building the client-go side (k8s.io/client-go, ${go.why}) into ${benchCacheDir()}`);
  log('[bench] a cold build compiles ~700 packages: about a minute on two cores; later runs reuse it');
  const partial = `${binary}.partial`;
  rmSync(partial, { force: true });
  await goBuild(partial, log);
  renameSync(partial, binary);
  log(`[bench] client-go side built: ${binary}`);
  return binary;
}

function goBuild(output: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const seconds = () => `${Math.round((Date.now() - started) / 1000)}s`;
  return new Promise((resolve, reject) => {
    // -v names each package as it is compiled: our heartbeat. GOTOOLCHAIN=local: never fetch another Go.
    const child = spawn('go', ['build', '-v', '-trimpath', '-o', output, '.'], {
      cwd: source,
      env: { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let compiled = 0;
    let downloading = false;
    let tail: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      tail = [...tail.slice(-30), line];
      if (line.startsWith('go: downloading')) {
        if (!downloading) log('[bench] downloading Go modules from the module proxy…');
        downloading = true;
      } else if (!line.startsWith('#') && ++compiled % 50 === 0) {
        log(`[bench] client-go side: ${compiled} packages compiled (${seconds()})`);
      }
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new ClusterSetupError(`Building the client-go side failed (exit ${code}). Last lines:\n${tail.join('\n')}`));
    });
  });
}
