import { posix } from 'node:path';
import { isCode, parseRegions, regionsIn, type Region, type Segment } from './regions.js';

/**
 * A solution file with some of its lesson regions replaced by their stubs:
 * all of them for the skeleton in labs/, one TODO's for the per-TODO proof.
 * Markers of regions that stay are dropped, so what is left reads as plain code.
 *
 * `file` is the path inside the target folder ('04-reconcile/reconciler.ts'):
 * it decides the comment syntax and where `todo` is imported from.
 */
export function renderFile(file: string, text: string, replace: (id: string) => boolean): string {
  const segments = parseRegions(file, text);
  if (!regionsIn(segments).some((r) => replace(r.id))) return render(file, segments, replace, []).join('\n');
  const stubs: string[] = [];
  const output = tidy(render(file, segments, replace, stubs)).join('\n');
  // Only the stubs written count: a `todo(` in the solution's own code needs no import.
  return stubs.some((line) => /\btodo\(/.test(line)) ? withTodoImport(file, output) : output;
}

/** The skeleton of a solution file: every region replaced. */
export function skeletonOf(file: string, text: string): string {
  return renderFile(file, text, () => true);
}

function render(file: string, segments: Segment[], replace: (id: string) => boolean, stubs: string[]): string[] {
  return segments.flatMap((segment) => {
    if (segment.kind === 'line') return [segment.text];
    if (!replace(segment.id)) return render(file, segment.children, replace, stubs);
    const lines = stub(file, segment);
    stubs.push(...lines);
    return lines;
  });
}

function stub(file: string, region: Region): string[] {
  if (region.stub) return region.stub.map((line) => `${region.indent}${line}`);
  if (!isCode(file)) return [];
  if (!region.text) throw new Error(`${file}:${region.line}: lab:todo ${region.id} needs the text its todo() stub says (or a lab:stub line)`);
  return [`${region.indent}return todo(${quote(`${region.id} ${region.text}`)});`];
}

/**
 * The blank lines a removed region leaves behind: two in a row become one,
 * none right inside braces, none at the end of the file; an emptied body is `{}`.
 */
function tidy(lines: string[]): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const blank = line.trim() === '';
    const previous = out.at(-1);
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    if (blank && (previous === undefined || previous.trim() === '' || previous.trimEnd().endsWith('{') || next === undefined || /^\s*}/.test(next))) return;
    // A body left empty closes on its own line: `constructor(…) {}`.
    if (previous?.endsWith('{') && /^\s*}$/.test(line)) out[out.length - 1] = `${previous}}`;
    else out.push(line);
  });
  return [...out, ''];
}

/** A string literal for the message: a template literal when it interpolates (`${key}`), else single quotes. */
function quote(message: string): string {
  if (message.includes('${')) return `\`${message.replace(/`/g, '\\`')}\``;
  return `'${message.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Adds `import { todo } from '…/todo.js'` where today's skeletons have it:
 * after the package imports, before the first relative one.
 */
function withTodoImport(file: string, text: string): string {
  const from = posix.relative(posix.dirname(file), 'todo.js');
  const statement = `import { todo } from '${from.startsWith('.') ? from : `./${from}`}';`;
  const lines = text.split('\n');
  const imports = lines.map((line, i) => ({ line, i })).filter(({ line }) => line.startsWith('import '));
  const firstRelative = imports.find(({ line }) => /from '\./.test(line));
  const at = firstRelative ? firstRelative.i : imports.length > 0 ? imports.at(-1)!.i + 1 : 0;
  lines.splice(at, 0, statement);
  return lines.join('\n');
}
