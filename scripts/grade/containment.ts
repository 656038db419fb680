/**
 * Does a learner's folder stay inside itself? Every code file is read (not
 * run), every import judged, and a stage is refused when any file it loads —
 * its own, or another stage's it imports — reaches outside the folder.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { findImports } from './imports.js';
import { inside, judgeSpecifier } from './specifier-rules.js';
import { repoRoot } from '../workbook/paths.js';

const codeFile = /\.(?:[cm]?[jt]sx?)$/;

/** The workbook's npm packages: the only bare names a learner's code may import. */
export function workbookPackages(): Set<string> {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: object; devDependencies?: object };
  return new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
}

export interface Containment {
  /** Per stage folder: each import (or link) that leaves the folder, one line each; absent when the stage is clean. */
  escapes: Map<string, string[]>;
  /** Per stage folder: the other stage folders its files import (`../01-list-watch/index.js` → 01-list-watch). */
  needs: Map<string, Set<string>>;
}

export function checkContainment(root: string, packages: ReadonlySet<string> = workbookPackages()): Containment {
  const name = (file: string) => relative(root, file).split(sep).join('/');
  const stageOf = (file: string) => /^\d[^/]*/.exec(name(file))?.[0] ?? '';
  const problems = new Map<string, string[]>(); // file → what it does wrong
  const imports = new Map<string, string[]>(); // file → files inside the folder it loads
  const escapes = new Map<string, string[]>();
  const needs = new Map<string, Set<string>>();
  const charge = (stage: string, line: string) => {
    const lines = escapes.get(stage) ?? [];
    if (stage && !lines.includes(line)) escapes.set(stage, [...lines, line]);
  };

  for (const entry of walk(root)) {
    if (entry.kind === 'link') {
      charge(stageOf(entry.path), `${name(entry.path)} is a link to ${entry.target}, outside the folder`);
      continue;
    }
    const file = entry.path;
    let findings;
    try {
      findings = findImports(readFileSync(file, 'utf8'), file);
    } catch {
      continue; // Unparseable: the loader cannot run it either.
    }
    const own: string[] = [];
    const edges: string[] = [];
    for (const finding of findings) {
      if (finding.kind === 'opaque') {
        own.push(`${name(file)}:${finding.line} uses ${finding.what}`);
        continue;
      }
      const verdict = judgeSpecifier(finding.specifier, file, root, packages);
      if (!verdict.ok) own.push(`${name(file)}:${finding.line} imports '${finding.specifier}' (${verdict.why})`);
      else if (verdict.file) {
        edges.push(...candidates(verdict.file));
        const [from, to] = [stageOf(file), stageOf(verdict.file)];
        if (from && to && from !== to) needs.set(from, (needs.get(from) ?? new Set()).add(to));
      }
    }
    problems.set(file, own);
    imports.set(file, edges);
  }

  // A stage is as contained as everything it loads: follow the imports inside the folder.
  for (const start of imports.keys()) {
    const stage = stageOf(start);
    // Test files of the learner's own are never run by grading; they count only when imported.
    if (!stage || /\.(test|spec)\.[cm]?[jt]sx?$/.test(start)) continue;
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file) || !imports.has(file)) continue;
      seen.add(file);
      const through = stageOf(file) === stage ? '' : ` (loaded by ${stage})`;
      for (const problem of problems.get(file) ?? []) charge(stage, `${problem}${through}`);
      queue.push(...imports.get(file)!);
    }
  }
  return { escapes, needs };
}

/** The files a resolved import may name: `./x.js` is `x.ts` in TypeScript sources. */
function candidates(path: string): string[] {
  return [path, path.replace(/\.js$/, '.ts'), path.replace(/\.mjs$/, '.mts'), path.replace(/\.js$/, '.tsx'), `${path}.ts`, join(path, 'index.ts')];
}

type Entry = { kind: 'code'; path: string } | { kind: 'link'; path: string; target: string };

/** Code files under root (not node_modules or .git), and links that point outside it. */
function* walk(root: string, dir = root): Generator<Entry> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (lstatSync(path).isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(path);
      } catch {
        continue; // Dangling: it leads nowhere.
      }
      if (!inside(realpathSync(root), target)) yield { kind: 'link', path, target };
      else if (codeFile.test(entry.name)) yield { kind: 'code', path };
      continue;
    }
    if (entry.isDirectory()) yield* walk(root, path);
    else if (codeFile.test(entry.name)) yield { kind: 'code', path };
  }
}
