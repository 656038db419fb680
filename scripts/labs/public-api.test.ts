import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skeletonFiles } from '../workbook/skeleton-files.js';
import { repoRoot, workbookDirs } from '../workbook/paths.js';

/**
 * The skeleton's public API is the solution's: what a file exports, with the
 * same types, and each class's public and protected members. The compiler
 * says so itself — the declarations it emits for labs/ and solutions/ must
 * match once private members and comments are left out. (A stub in a method
 * without a declared return type would turn it into `never` here.)
 */
const emitted = mkdtempSync(join(tmpdir(), 'bare-api-'));
afterAll(() => rmSync(emitted, { recursive: true, force: true }));

function publicApi(root: 'labs' | 'solutions', file: string): string {
  return readFileSync(join(emitted, root, file.replace(/\.ts$/, '.d.ts')), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s*private /.test(line) && !/^\s*\/\//.test(line))
    .join('\n');
}

describe('the public API of every skeleton equals its solution’s', () => {
  it('declarations of labs/ and solutions/, compiled alike', () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--outDir', emitted], { cwd: repoRoot, stdio: 'pipe' });
    for (const dir of workbookDirs()) {
      for (const file of skeletonFiles(join(repoRoot, 'labs', dir)).filter((f) => f.endsWith('.ts'))) {
        expect(publicApi('labs', join(dir, file)), `labs/${dir}/${file}`).toBe(publicApi('solutions', join(dir, file)));
      }
    }
  }, 60_000);
});
