/**
 * The checkpoints of a stage as written in its files — title, what it
 * expects, the TODOs its `look:` names — read from the syntax tree, without
 * running anything: enough to pick the checkpoints `--only 1.6` or
 * `--only bookmark` means before vitest starts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { repoRoot } from '../workbook/paths.js';

export interface IndexedCheckpoint {
  file: string;
  title: string;
  expect: string;
  todos: string[];
}

type Node = { type: string; start: number; end: number; [key: string]: unknown };
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

function text(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return (node.quasis as Array<{ value: { cooked: string | null } }>).map((q) => q.value.cooked ?? '').join('…');
  return undefined;
}

function property(object: unknown, name: string): unknown {
  if (!isNode(object) || object.type !== 'ObjectExpression') return undefined;
  const found = (object.properties as Node[]).find((p) => p.type === 'Property' && isNode(p.key) && (p.key.name === name || p.key.value === name));
  return found?.value;
}

/** TODO ids a `look:` names: `todo('1.3', 'note')`, or "… — TODO 1.3" in free text. */
function todosOf(look: unknown, source: string): string[] {
  if (!isNode(look)) return [];
  const raw = source.slice(look.start, look.end);
  const ids = [...raw.matchAll(/['"`](\d+\.\d+)['"`]|TODO (\d+\.\d+)/g)].map((m) => m[1] ?? m[2]!);
  return [...new Set(ids)];
}

export function indexFile(path: string, source = readFileSync(path, 'utf8')): IndexedCheckpoint[] {
  const found: IndexedCheckpoint[] = [];
  const visit = (node: Node) => {
    if (node.type === 'CallExpression' && isNode(node.callee) && node.callee.type === 'Identifier' && node.callee.name === 'checkpoint') {
      const [title, guide] = node.arguments as unknown[];
      const name = text(title);
      if (name) found.push({ file: path, title: name, expect: text(property(guide, 'expect')) ?? '', todos: todosOf(property(guide, 'look'), source) });
    }
    for (const child of Object.values(node)) {
      if (Array.isArray(child)) for (const item of child) isNode(item) && visit(item);
      else if (isNode(child)) visit(child);
    }
  };
  visit(parseAst(source, { lang: 'ts', sourceType: 'module' }, path) as unknown as Node);
  return found;
}

export function indexStage(dir: string): IndexedCheckpoint[] {
  const folder = join(repoRoot, 'checkpoints', dir);
  return readdirSync(folder)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .flatMap((f) => indexFile(join(folder, f)));
}
