/**
 * Copies flagged, as a signal for the instructor and never a verdict: per
 * stage, every pair of learners (and each learner against the workbook's
 * solutions/) whose code shares more than `threshold` of its fingerprints,
 * with the matching lines side by side and the TODO they sit in.
 *
 * The matching is Dolos's (@dodona/dolos-core: winnowed k-grams of tokens,
 * the skeleton's own code ignored, so given code never counts). The tokens
 * are TypeScript's shape, not its names: keywords and punctuation as they
 * are, every identifier, string and number as one kind each, so renaming
 * variables or rewording strings does not hide a copy.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { File, FingerprintIndex, Region, TokenizedFile } from '@dodona/dolos-core';
import { repoRoot } from '../workbook/paths.js';
import type { Stage } from '../course/course.js';
import type { SimilarPair, SimilarFragment } from './model.js';

/** Dolos's defaults: a match is at least 23 tokens long, one fingerprint kept per 17. */
const kgram = 23;
const window = 17;
/** The name solutions/ goes by in the pairs. */
export const solutionName = 'solutions/';

const keywords = new Set(
  'abstract as async await break case catch class const continue default delete do else enum export extends false finally for from function get if implements import in instanceof interface let new null of private protected public readonly return set static super switch this throw true try type typeof undefined var void while yield'.split(' '),
);
const lexeme = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|`(?:\\[\s\S]|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|\d[\w.]*|[A-Za-z_$][\w$]*|=>|===|!==|\?\?=?|\?\.|&&|\|\||\.\.\.|\s+|[^\s]/g;

/** The shape of TypeScript source: one token per lexeme, comments and spaces left out, each with where it is. */
export function tokenize(file: File): TokenizedFile {
  const tokens: string[] = [];
  const mapping: Region[] = [];
  file.lines.forEach((line, row) => {
    // Comments that span lines are rare in TODO bodies; a line's own text is enough for the shape.
    for (const match of line.matchAll(lexeme)) {
      const text = match[0];
      if (/^\s/.test(text) || text.startsWith('//') || text.startsWith('/*')) continue;
      const kind = keywords.has(text) ? text : /^[A-Za-z_$]/.test(text) ? 'id' : /^['"`]/.test(text) ? 'str' : /^\d/.test(text) ? 'num' : text;
      tokens.push(kind);
      mapping.push(new Region(row, match.index, row, match.index + text.length));
    }
  });
  return new TokenizedFile(file, tokens, mapping);
}

/** A stage's code of one learner, as one text, with the file and line each of its lines came from. */
interface StageText {
  name: string;
  text: string;
  origin: Array<{ file: string; line: number }>;
  files: Map<string, string[]>;
}

function codeFiles(dir: string, root = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (entry === 'node_modules' || entry.startsWith('.')) return [];
      if (statSync(path).isDirectory()) return codeFiles(path, root);
      return /\.[cm]?[tj]sx?$/.test(entry) && !/\.test\.[tj]s$/.test(entry) ? [relative(root, path)] : [];
    });
}

function stageText(name: string, dir: string): StageText {
  const origin: StageText['origin'] = [];
  const parts: string[] = [];
  const files = new Map<string, string[]>();
  for (const file of codeFiles(dir)) {
    const lines = readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n').split('\n');
    lines.forEach((_, i) => origin.push({ file, line: i + 1 }));
    parts.push(lines.join('\n'));
    files.set(file, lines);
  }
  return { name, text: parts.join('\n'), origin, files };
}

/**
 * Where each TODO of a stage is in a learner's file: the skeleton names the
 * member a TODO sits in (`add(item: T): void { return todo('3.1 …') }`); the
 * learner's version of that member runs from its header to the next member
 * header at the same indent.
 */
function todoRegions(stage: Stage, file: string, lines: string[]): Array<{ todo: string; from: number; to: number }> {
  const skeleton = join(repoRoot, 'labs', stage.dir, file);
  if (!existsSync(skeleton)) return [];
  const given = readFileSync(skeleton, 'utf8').split('\n');
  const header = /^(\s*)(?:export\s+)?(?:(?:public|private|protected|static|async|get|set)\s+)*(?:function\s+)?([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\(/;
  const regions: Array<{ todo: string; from: number; to: number }> = [];
  given.forEach((line, i) => {
    const id = /todo\(\s*[`'"](\d+\.\d+)/.exec(line)?.[1];
    if (!id) return;
    let j = i;
    while (j >= 0 && !(header.test(given[j]!) && !/^\s*(if|for|while|switch|return)\b/.test(given[j]!))) j--;
    const member = j >= 0 ? header.exec(given[j]!) : null;
    if (!member) return;
    const [, indent, name] = member;
    const start = lines.findIndex((l) => header.exec(l)?.[2] === name && header.exec(l)?.[1] === indent);
    if (start < 0) return;
    let end = start + 1;
    while (end < lines.length && !(header.exec(lines[end]!)?.[1] === indent) && !new RegExp(`^${indent}}`).test(lines[end]!)) end++;
    regions.push({ todo: id, from: start + 1, to: end + 1 });
  });
  return regions;
}

export interface Copy {
  name: string;
  /** The learner's folder laid out like labs/. */
  root: string;
}

/** The pairs of one stage above `threshold` (0-1), most similar first. */
export function similarPairs(stage: Stage, copies: Copy[], threshold = 0.5): SimilarPair[] {
  const texts = [...copies, { name: solutionName, root: join(repoRoot, 'solutions') }].map((c) => stageText(c.name, join(c.root, stage.dir))).filter((t) => t.text.trim() !== '');
  const index = new FingerprintIndex(kgram, window, false);
  const files = texts.map((t) => ({ t, file: tokenize(new File(t.name, t.text)) }));
  index.addFiles(files.map((f) => f.file));
  // Given code and untouched TODOs are everyone's: their fingerprints never count. (After the files:
  // Dolos moves a fingerprint out of the files already indexed, not out of those added later.)
  const skeleton = stageText('skeleton', join(repoRoot, 'labs', stage.dir));
  if (skeleton.text) index.addIgnoredFile(tokenize(new File(`skeleton/${stage.dir}`, skeleton.text)));
  const byFile = new Map(files.map((f) => [f.file, f.t]));
  const pairs: SimilarPair[] = [];
  for (const pair of index.allPairs()) {
    if (pair.similarity < threshold) continue;
    const left = byFile.get(pair.leftFile)!;
    const right = byFile.get(pair.rightFile)!;
    // solutions/ on the right, always: "this learner matches the solution".
    const [a, b, swap] = left.name === solutionName ? [right, left, true] : [left, right, false];
    const fragments: SimilarFragment[] = pair.buildFragments().map((fragment) => {
      const [aRegion, bRegion] = swap ? [fragment.rightSelection, fragment.leftSelection] : [fragment.leftSelection, fragment.rightSelection];
      return { left: side(stage, a, aRegion), right: side(stage, b, bRegion) };
    });
    fragments.sort((x, y) => y.left.lines.length - x.left.lines.length);
    pairs.push({ stage: stage.dir, left: a.name, right: b.name, similarity: Math.round(pair.similarity * 100) / 100, fragments: fragments.slice(0, 8) });
  }
  return pairs.sort((x, y) => y.similarity - x.similarity);
}

function side(stage: Stage, text: StageText, region: Region): SimilarFragment['left'] {
  const from = text.origin[region.startRow] ?? { file: '?', line: 1 };
  const end = text.origin[region.endRow];
  // A fragment that runs on into the next file is shown up to the end of its first.
  const to = end && end.file === from.file ? end.line : (text.files.get(from.file)?.length ?? from.line);
  const fileLines = text.files.get(from.file) ?? [];
  const todos = todoRegions(stage, from.file, fileLines)
    .filter((r) => r.from <= to && r.to >= from.line)
    .map((r) => r.todo);
  return { file: from.file, from: from.line, to, lines: fileLines.slice(from.line - 1, Math.min(to, from.line + 39)), todos: [...new Set(todos)] };
}
