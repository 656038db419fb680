/**
 * A class of learner copies for testing and timing the grader: finished
 * (copies of solutions/), untouched (copies of labs/), one that re-exports
 * the workbook's solution of stage 3, one that looks for solutions/ on disk
 * (finished otherwise: it fails only if it can see them), one whose stage 3
 * queue loops forever, one that exhausts memory, and one with stages 1-3 only.
 */
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../workbook/paths.js';

export type SampleKind = 'finished' | 'untouched' | 'cheats' | 'peeks' | 'loops' | 'hogs' | 'partial';

const copyOf = (from: 'solutions' | 'labs', to: string) => cpSync(join(repoRoot, from), to, { recursive: true, filter: (p) => !p.includes('node_modules') });

/** Makes the stage 3 Queue's add() never return; the rest of the copy is the solution. Needs only the class's name. */
function breakQueueAdd(dir: string, body: string): void {
  appendFileSync(join(dir, '03-workqueue', 'queue.ts'), `\n// The learner's bug:\nQueue.prototype.add = function (): void {\n  ${body}\n};\n`);
}

export function makeLearner(dir: string, kind: SampleKind): void {
  rmSync(dir, { recursive: true, force: true });
  switch (kind) {
    case 'finished':
      return copyOf('solutions', dir);
    case 'untouched':
      return copyOf('labs', dir);
    case 'cheats':
      copyOf('labs', dir);
      // The measured exploit: one line that re-exports the workbook's own solution.
      writeFileSync(join(dir, '03-workqueue', 'index.ts'), `export * from '${join(repoRoot, 'solutions', '03-workqueue', 'index.js')}';\n`);
      return;
    case 'peeks': {
      copyOf('solutions', dir);
      // No import leaves the folder, so only the sandbox's view can keep this from finding it.
      const file = join(dir, '03-workqueue', 'queue.ts');
      const probe = `import { existsSync as peek } from 'node:fs';\nif (peek(${JSON.stringify(join(repoRoot, 'solutions'))})) throw new Error('found the workbook\\'s solutions/ on disk');\n`;
      writeFileSync(file, probe + readFileSync(file, 'utf8'));
      return;
    }
    case 'loops':
      copyOf('solutions', dir);
      return breakQueueAdd(dir, 'for (;;) {} // an endless loop: nothing else in this process runs again');
    case 'hogs':
      copyOf('solutions', dir);
      return breakQueueAdd(dir, 'const hoard: Buffer[] = []; for (;;) hoard.push(Buffer.alloc(64 * 1024 * 1024, 1));');
    case 'partial':
      // Stages 1-3 handed in, the rest never copied; stage 3 started.
      mkdirSync(dir, { recursive: true });
      for (const stage of ['01-list-watch', '02-informer', '03-workqueue']) cpSync(join(repoRoot, 'labs', stage), join(dir, stage), { recursive: true });
      cpSync(join(repoRoot, 'labs', 'todo.ts'), join(dir, 'todo.ts'));
      appendFileSync(join(dir, '03-workqueue', 'queue.ts'), '\n// started\n');
      return;
  }
}

export function makeClass(dir: string, learners: Record<string, SampleKind>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, kind] of Object.entries(learners)) makeLearner(join(dir, name), kind);
}
