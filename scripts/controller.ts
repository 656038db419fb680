/**
 * npm run controller -- [--target labs|solutions|<folder>] --prefix team- [--workers N] [--resync 10m]
 *
 * Runs the mirror controller (stage 4's main.ts) against the cluster your
 * kubeconfig points at: the reference solution by default, or your own code
 * with --target labs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveTarget } from './target.js';

const args = process.argv.slice(2);
let target = 'solutions';
const at = args.findIndex((a) => a === '--target' || a.startsWith('--target='));
if (at >= 0) {
  const [flag, inline] = args[at]!.split('=', 2);
  target = inline ?? args[at + 1] ?? '';
  args.splice(at, inline === undefined ? 2 : 1);
  if (!target) {
    process.stderr.write(`${flag} needs a value: labs, solutions or a folder\n`);
    process.exit(2);
  }
}

let main: string;
try {
  main = join(resolveTarget(target, '--target'), '04-reconcile', 'main.ts');
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
if (!existsSync(main)) {
  process.stderr.write(`${main} does not exist: the controller is stage 4's main.ts\n`);
  process.exit(2);
}
// main.ts reads its flags from process.argv.
process.argv = [process.argv[0]!, main, ...args];
await import(pathToFileURL(main).href);
