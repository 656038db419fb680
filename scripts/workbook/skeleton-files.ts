/**
 * A stage's skeleton files and the TODOs left in them: one walk, shared by
 * `npm start` (how much is left) and the workbook's own tests (twins, TODOs).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * Every file of a stage folder, in subfolders too, as sorted paths relative to
 * it ('manifests/base/pdb.yaml', 'Dockerfile', '.dockerignore'). The stage's
 * own README.md is the lesson, not a skeleton file, and is left out.
 */
export function skeletonFiles(stageDir: string): string[] {
  if (!existsSync(stageDir)) return [];
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(stageDir, relative), { withFileTypes: true })) {
      const path = relative ? posix.join(relative, entry.name) : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.isFile() && path !== 'README.md') {
        files.push(path);
      }
    }
  };
  walk('');
  return files.sort();
}

/**
 * The TODO ids in one file's text: `todo('2.4 …')` calls in TypeScript,
 * `# TODO 6.1 — …` comments everywhere else (manifests, Dockerfile).
 */
export function todoIdsIn(file: string, text: string): string[] {
  const marker = file.endsWith('.ts') ? /\btodo\(\s*['"`](\d+\.\d+)/g : /#\s*TODO (\d+\.\d+)/g;
  return [...text.matchAll(marker)].map((match) => match[1]!);
}

/** The TODOs left in a stage folder: id → how many places still carry it. */
export function stageTodos(stageDir: string): Map<string, number> {
  const todos = new Map<string, number>();
  for (const file of skeletonFiles(stageDir)) {
    for (const id of todoIdsIn(file, readFileSync(join(stageDir, file), 'utf8'))) todos.set(id, (todos.get(id) ?? 0) + 1);
  }
  return todos;
}
