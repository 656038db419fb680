import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../workbook/paths.js';

/** The program the image runs: stage 7's main, with leader election, metrics and probes. */
export const controllerEntry = (targetDir: string) => join(targetDir, '07-metrics', 'main.ts');

/**
 * ESM output still contains CommonJS dependencies (parts of client-node's
 * dependency tree) that call require() for Node built-ins: give them one.
 * The names are unusual so no bundled module's own top-level names collide.
 */
const requireBanner = "import { createRequire as __bareCreateRequire } from 'node:module'; const require = __bareCreateRequire(import.meta.url);";

export interface Bundle {
  file: string;
  sizeBytes: number;
}

/**
 * One file, `<outDir>/main.mjs`, with the controller and everything it
 * imports, node_modules included: the image needs Node and this file, no npm
 * install. Packages resolve from this repository's node_modules, so a graded
 * copy anywhere on disk bundles the same way the learner's labs/ does.
 */
export async function bundleController(targetDir: string, outDir: string): Promise<Bundle> {
  const entry = controllerEntry(targetDir);
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: the image is built from a target laid out like labs/, with 07-metrics/main.ts.`);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'main.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    banner: { js: requireBanner },
    nodePaths: [join(repoRoot, 'node_modules')],
    // The path comments in the bundle are relative to this: the same from any cwd, so the content tag is too.
    absWorkingDir: repoRoot,
    // Files outside the repository have no tsconfig of their own; ours says how to read TypeScript.
    tsconfig: join(repoRoot, 'tsconfig.json'),
    // Stack traces keep the learner's function names; the size is Node's, not the bundle's.
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).catch((error: Error & { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
    const first = error.errors?.[0];
    throw new Error(`Bundling ${entry} failed: ${first ? `${first.text}${first.location ? ` (${first.location.file}:${first.location.line})` : ''}` : error.message}`);
  });
  if (result.errors.length > 0) throw new Error(`Bundling ${entry} failed: ${result.errors[0]!.text}`);
  return { file, sizeBytes: statSync(file).size };
}

/** The Node the image ships (the `node` devDependency), whatever Node runs this script. */
function projectNode(): string {
  const installed = join(repoRoot, 'node_modules', 'node', 'bin', 'node');
  return existsSync(installed) ? installed : process.execPath;
}

/**
 * Runs the bundle with --help: main must print its usage (stage 7's main, on
 * stdout with exit 0; a main without --help, on stderr with exit 2 as for any
 * unknown flag). A crash instead means the bundle breaks at import time (a
 * missing module, a CJS require gone wrong) — found here, not in a CrashLoopBackOff.
 */
export function checkBundleStarts(file: string, node = projectNode()): void {
  const run = spawnSync(node, [file, '--help'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, KUBECONFIG: '' } });
  if ((run.status === 0 && /Usage:/.test(run.stdout)) || (run.status === 2 && /Usage:/.test(run.stderr))) return;
  const tail = `${run.stderr}${run.stdout}`.trim().split('\n').slice(-8).join('\n');
  throw new Error(`The bundle ${file} does not start: \`node main.mjs --help\` should print the usage (exit 0, or 2 for a main without --help), but exited with ${run.status ?? run.signal}:\n${tail}`);
}
