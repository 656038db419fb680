/**
 * What the instructor pointed at: one learner's copy (a copy of labs/, or a
 * whole clone of the workbook) or a class (a folder of such copies).
 */
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stages } from '../course/course.js';

export interface Learner {
  /** Safe for file names and CSV: letters, digits, `.`, `_`, `-`. */
  name: string;
  /** The learner's folder laid out like labs/. */
  root: string;
  /** What was handed in, as given (a clone's root, not its labs/). */
  source: string;
}

export type Found = { kind: 'learner'; learner: Learner } | { kind: 'class'; learners: Learner[]; ignored: string[] };

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const hasStages = (dir: string) => stages.some((s) => isDir(join(dir, s.dir)));

/** The labs-shaped folder in a handed-in copy: itself, or a clone's labs/. */
export function labsRootOf(dir: string): string | undefined {
  if (hasStages(dir)) return dir;
  if (hasStages(join(dir, 'labs'))) return join(dir, 'labs');
  return undefined;
}

export const safeName = (text: string) => text.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'learner';

export function findLearners(folder: string, name?: string): Found {
  const own = labsRootOf(folder);
  if (own) return { kind: 'learner', learner: { name: safeName(name ?? basename(folder)), root: own, source: folder } };
  const learners: Learner[] = [];
  const ignored: string[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (entry.startsWith('.') || !isDir(path)) continue;
    // A link could lead anywhere on the grader's disk (the workbook's own solutions/): only real folders are handed in.
    if (lstatSync(path).isSymbolicLink() || (existsSync(join(path, 'labs')) && lstatSync(join(path, 'labs')).isSymbolicLink())) {
      ignored.push(`${entry} (a symbolic link)`);
      continue;
    }
    const root = labsRootOf(path);
    if (root) learners.push({ name: safeName(entry), root, source: path });
    else ignored.push(entry);
  }
  // Two folders whose names differ only in characters a file name cannot keep.
  const seen = new Map<string, number>();
  for (const learner of learners) {
    const n = (seen.get(learner.name) ?? 0) + 1;
    seen.set(learner.name, n);
    if (n > 1) learner.name = `${learner.name}-${n}`;
  }
  return { kind: 'class', learners, ignored };
}
