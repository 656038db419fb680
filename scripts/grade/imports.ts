/**
 * Every module a source file asks for at run time, read from its syntax tree
 * (the oxc parser Vite itself uses), never by running it. Type-only imports
 * are left out: they are erased before the code runs.
 */
import { parseAst } from 'rolldown/parseAst';

export type ImportFinding =
  /** A module named by a string the file spells out. */
  | { kind: 'specifier'; specifier: string; line: number }
  /** A way of loading code whose target the reader cannot know without running it. */
  | { kind: 'opaque'; what: string; line: number };

type Node = { type: string; start: number; [key: string]: unknown };

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/** Names that load code by a path computed at run time (`createRequire(…)(x)`, `process.getBuiltinModule('module')`). */
const loaderNames = new Set(['createRequire', 'getBuiltinModule']);

export function findImports(source: string, fileName: string): ImportFinding[] {
  const lang = /\.[cm]?tsx?$/.test(fileName) ? (fileName.endsWith('x') ? 'tsx' : 'ts') : fileName.endsWith('x') ? 'jsx' : 'js';
  const program = parseAst(source, { lang, sourceType: 'module' }, fileName) as unknown as Node;
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };

  const found: ImportFinding[] = [];
  const named = (target: unknown, at: Node, what: string) => {
    const text = literalText(target);
    if (text !== undefined) found.push({ kind: 'specifier', specifier: text, line: lineOf(at.start) });
    else found.push({ kind: 'opaque', what, line: lineOf(at.start) });
  };

  const visit = (node: Node) => {
    switch (node.type) {
      case 'ImportDeclaration':
        if (node.importKind !== 'type') named(node.source, node, 'import');
        break;
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (node.source && node.exportKind !== 'type') named(node.source, node, 'export … from');
        break;
      case 'ImportExpression':
        named(node.source, node, 'import() of a computed name');
        break;
      case 'TSImportEqualsDeclaration': {
        const reference = node.moduleReference as Node;
        if (node.importKind !== 'type' && reference.type === 'TSExternalModuleReference') named(reference.expression, node, 'import = require()');
        break;
      }
      case 'CallExpression': {
        const callee = node.callee as Node;
        if (callee.type === 'Identifier' && callee.name === 'require') {
          const [first] = node.arguments as unknown[];
          named(first, node, 'require() of a computed name');
        }
        break;
      }
      case 'Identifier':
        if (loaderNames.has(node.name as string)) found.push({ kind: 'opaque', what: `${node.name as string} (loads modules by a path known only at run time)`, line: lineOf(node.start) });
        break;
      case 'TSImportType':
        return; // import('x').T is a type: nothing is loaded.
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'type') continue;
      if (Array.isArray(child)) for (const item of child) isNode(item) && visit(item);
      else if (isNode(child)) visit(child);
    }
  };
  visit(program);
  return found;
}

/** The text of a string literal, or of a template literal without `${…}`; undefined for anything computed. */
function literalText(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) {
    const [quasi] = node.quasis as Array<{ value: { cooked: string | null } }>;
    return quasi?.value.cooked ?? undefined;
  }
  return undefined;
}
