/**
 * Where graded code runs: a folder in the system's temp directory, outside the
 * workbook, so no relative path from a learner's file reaches solutions/.
 *
 *   <tmp>/bare-grade-XXXX/
 *     node_modules → <workbook>/node_modules   (the workbook's packages resolve from here)
 *     package.json                              ("type": "module", as in the workbook: .ts files are ESM)
 *     learners/<learner>/labs/                  (the copy that runs, with the workbook's todo.ts and 00-common/)
 *     learners/<learner>/out/                   (its raw results and logs)
 */
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Learner } from './learners.js';
import { inside } from './specifier-rules.js';
import { repoRoot, commonDir } from '../workbook/paths.js';

export interface Workspace {
  dir: string;
  remove(): void;
}

export interface LearnerSpace {
  /** The copy of the learner's labs-shaped folder: what BARE_TARGET points at. */
  labs: string;
  /** Raw results and logs of this learner's runs. */
  out: string;
  /** Everything of this learner's: hidden from the other learners' processes where that can be done. */
  home: string;
}

export function createWorkspace(): Workspace {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bare-grade-')));
  // The sandbox account binds copies from here into its view: it must be able to read them (see sandbox.ts).
  chmodSync(dir, 0o755);
  // Bare imports ('@kubernetes/client-node') climb from the copy to here and find the workbook's packages.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Without it, Node and tsx read a copied .ts file as CommonJS (stage 7 runs main.ts as its own process).
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies a learner's folder into the workspace. Their node_modules are left
 * behind (the workbook's packages are used), links that point outside their
 * folder are not followed, and todo.ts and 00-common/ (the given code every
 * stage imports) are always the workbook's own: a copy made before 00-common
 * existed runs too, and no learner's edit to given code counts.
 */
export function placeLearner(workspace: Workspace, learner: Learner): LearnerSpace {
  // A folder of their own, so no learner's name (node_modules, package.json) can land on the workspace's files.
  const home = join(workspace.dir, 'learners', learner.name);
  const labs = join(home, 'labs');
  const out = join(home, 'out');
  mkdirSync(out, { recursive: true });
  const root = realpathSync(learner.root);
  cpSync(learner.root, labs, {
    recursive: true,
    dereference: true,
    filter: (path) => {
      const name = path.slice(learner.root.length);
      if (/(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(name)) return false;
      if (!lstatSync(path).isSymbolicLink()) return true;
      try {
        return inside(root, realpathSync(path));
      } catch {
        return false; // A dangling link.
      }
    },
  });
  cpSync(join(repoRoot, 'labs', 'todo.ts'), join(labs, 'todo.ts'));
  rmSync(join(labs, commonDir), { recursive: true, force: true });
  cpSync(join(repoRoot, 'labs', commonDir), join(labs, commonDir), { recursive: true });
  readableByAll(join(workspace.dir, 'learners'));
  return { labs, out, home };
}

/** Folders a+rx, files a+r: a copy handed in with 0600 files still loads as the sandbox account. */
function readableByAll(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.mode | (stat.isDirectory() ? 0o555 : 0o444));
  if (stat.isDirectory()) for (const entry of readdirSync(path)) readableByAll(join(path, entry));
}
