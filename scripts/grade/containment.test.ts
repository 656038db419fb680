import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkContainment } from './containment.js';
import { findImports } from './imports.js';
import { repoRoot } from '../workbook/paths.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A learner folder with the given files (path → content). */
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bare-containment-'));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const escapesOf = (files: Record<string, string>) => Object.fromEntries(checkContainment(folder(files)).escapes);

describe('findImports', () => {
  it('finds static, re-exported, dynamic and require imports, and skips type-only ones', () => {
    const found = findImports(
      [
        "import type { A } from '/types-only.js';",
        "import { b } from './b.js';",
        "export * from '../c.js';",
        "const d = await import('./d.js');",
        'const e = await import(`./e.js`);',
        "import f = require('./f');",
        'f; const g = require("./g.js");',
        "type T = import('./t.js').T;",
      ].join('\n'),
      'x.ts',
    );
    expect(found).toEqual([
      { kind: 'specifier', specifier: './b.js', line: 2 },
      { kind: 'specifier', specifier: '../c.js', line: 3 },
      { kind: 'specifier', specifier: './d.js', line: 4 },
      { kind: 'specifier', specifier: './e.js', line: 5 },
      { kind: 'specifier', specifier: './f', line: 6 },
      { kind: 'specifier', specifier: './g.js', line: 7 },
    ]);
  });

  it('reports imports whose target is computed, and module loaders, as opaque', () => {
    const found = findImports("const n = 'x'; await import(n); await import(`./${n}.js`); process.getBuiltinModule('module');", 'x.ts');
    expect(found.map((f) => f.kind)).toEqual(['opaque', 'opaque', 'opaque']);
  });
});

describe('checkContainment', () => {
  it('accepts what the skeletons do: sibling files, other stages, ../todo.js, Node built-ins and the workbook packages', () => {
    expect(
      escapesOf({
        'todo.ts': 'export function todo() {}',
        '01-list-watch/index.ts': "export * from './reflector.js'; import { todo } from '../todo.js'; import { readFileSync } from 'node:fs'; import 'fs';",
        '01-list-watch/reflector.ts': "import { KubeConfig } from '@kubernetes/client-node'; import { Counter } from 'prom-client';",
        '02-informer/index.ts': "export * from '../01-list-watch/index.js';",
      }),
    ).toEqual({});
  });

  it('refuses relative, absolute, file: and @stage/ escapes, naming file, line and reason', () => {
    const escapes = escapesOf({
      '03-workqueue/index.ts': `export * from '${join(repoRoot, 'solutions/03-workqueue/index.js')}';`,
      '03-workqueue/queue.ts': "\nexport * from '../../solutions/03-workqueue/queue.js';",
      '01-list-watch/index.ts': "import x from 'file:///etc/passwd'; import y from '@stage/../../solutions/01-list-watch/index.js';",
      '02-informer/index.ts': "import './%2e%2e/%2e%2e/solutions/x.js'; import 'vitest/../../../solutions/x.js'; import 'left-pad'; import '#sol';",
    });
    expect(escapes['03-workqueue']).toEqual([
      `03-workqueue/index.ts:1 imports '${join(repoRoot, 'solutions/03-workqueue/index.js')}' (an absolute path)`,
      "03-workqueue/queue.ts:2 imports '../../solutions/03-workqueue/queue.js' (a relative path out of the folder)",
    ]);
    expect(escapes['01-list-watch']).toHaveLength(2);
    expect(escapes['01-list-watch']![0]).toContain('a file: URL');
    expect(escapes['01-list-watch']![1]).toContain("@stage/ is the checkpoints' alias");
    expect(escapes['02-informer']!.map((line) => /\((.*)\)$/.exec(line)![1])).toEqual([
      'a relative path out of the folder',
      'a package path that climbs out of the package',
      "left-pad is not one of the workbook's npm packages",
      'a package.json "imports" alias',
    ]);
  });

  it('refuses a stage that loads another stage that escapes, saying through which', () => {
    const escapes = escapesOf({
      '03-workqueue/index.ts': "export * from '../../solutions/03-workqueue/index.js';",
      '04-reconcile/index.ts': "export * from './controller.js';",
      '04-reconcile/controller.ts': "import { RateLimitingQueue } from '../03-workqueue/index.js';",
      '05-leader-election/index.ts': "import 'node:fs';",
    });
    expect(Object.keys(escapes).sort()).toEqual(['03-workqueue', '04-reconcile']);
    expect(escapes['04-reconcile']![0]).toMatch(/^03-workqueue\/index\.ts:1 imports .* \(loaded by 04-reconcile\)$/);
  });

  it('records which other stages each stage imports, so a stage whose base is missing is one line', () => {
    const root = folder({ '04-reconcile/controller.ts': "import { Reflector } from '../01-list-watch/index.js'; import { Queue } from '../03-workqueue/index.js'; import { todo } from '../todo.js';" });
    expect(checkContainment(root).needs.get('04-reconcile')).toEqual(new Set(['01-list-watch', '03-workqueue']));
  });

  it('refuses code loaders and computed imports', () => {
    const escapes = escapesOf({
      '03-workqueue/queue.ts': "import { createRequire } from 'node:module';",
      '03-workqueue/heap.ts': "import { spawn } from 'node:child_process';",
      '03-workqueue/fifo.ts': 'const where = process.env.X!; await import(where);',
    });
    expect(escapes['03-workqueue']!.join('\n')).toMatch(/node:module runs or loads code/);
    expect(escapes['03-workqueue']!.join('\n')).toMatch(/node:child_process runs or loads code/);
    expect(escapes['03-workqueue']!.join('\n')).toMatch(/fifo\.ts:1 uses import\(\) of a computed name/);
  });

  it('refuses a link that points outside the folder', () => {
    const root = folder({ '03-workqueue/index.ts': "export * from './queue.js';" });
    symlinkSync(join(repoRoot, 'solutions', '03-workqueue', 'queue.ts'), join(root, '03-workqueue', 'queue.ts'));
    expect(checkContainment(root).escapes.get('03-workqueue')).toEqual([`03-workqueue/queue.ts is a link to ${join(repoRoot, 'solutions/03-workqueue/queue.ts')}, outside the folder`]);
  });
});
