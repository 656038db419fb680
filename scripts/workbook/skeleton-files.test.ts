import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skeletonFiles, stageTodos, todoIdsIn } from './skeleton-files.js';

describe('a stage folder’s skeleton files and their TODOs', () => {
  const stage = mkdtempSync(join(tmpdir(), 'bare-skeleton-'));
  afterAll(() => rmSync(stage, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    writeFileSync(join(stage, file), text);
  };
  write('README.md', '# TODO 9.9 is described here, not written here\n');
  write('code.ts', "todo('9.1 first');\ntodo(`9.1 again ${x}`);\n// TODO 9.8 is a comment in code, not a todo() call\n");
  write('given.ts', 'export const given = 1;\n');
  write('Dockerfile', 'ARG BASE\n# TODO 9.2 — FROM it\n');
  write('.dockerignore', '*\n');
  write('manifests/base/deployment.yaml', '# TODO 9.3 — the probes\n#   (uses TODOs 9.1 and 9.2)\n');
  write('manifests/overlays/x/dashboard.json', '{}\n');

  it('lists every file in subfolders too, dotfiles included, but not the lesson README', () => {
    expect(skeletonFiles(stage)).toEqual(['.dockerignore', 'Dockerfile', 'code.ts', 'given.ts', 'manifests/base/deployment.yaml', 'manifests/overlays/x/dashboard.json']);
    expect(skeletonFiles(join(stage, 'missing'))).toEqual([]);
  });

  it('counts todo() calls in code and # TODO comments elsewhere, by id', () => {
    expect(todoIdsIn('given.ts', 'export const given = 1;')).toEqual([]);
    expect(todoIdsIn('x.yaml', "todo('1.1 not code')")).toEqual([]);
    expect(Object.fromEntries(stageTodos(stage))).toEqual({ '9.1': 2, '9.2': 1, '9.3': 1 });
  });
});
