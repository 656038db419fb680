import { describe, expect, it } from 'vitest';
import { parseRegions, regionsIn } from './regions.js';
import { renderFile, skeletonOf } from './render.js';

const solution = [
  "import { Thing } from 'some-package';",
  "import { helper } from './helper.js';",
  '',
  'export class Counter {',
  '  // lab:todo 9.1',
  '  // lab:stub',
  '  private count = 0;',
  '  // lab:end',
  '',
  '  /** TODO 9.1 — one more. */',
  '  add(n: number): void {',
  '    // lab:todo 9.1 Counter.add(${n}): count it',
  '    this.count += n;',
  '    // lab:todo 9.2',
  "    // lab:stub todo('9.2 not yet');",
  '    helper(this.count);',
  '    // lab:end',
  '    // lab:end',
  '  }',
  '}',
  '',
].join('\n');

describe('lesson regions', () => {
  it('the skeleton replaces every outermost region: a todo() call by default, the lab:stub lines when given, nothing for a bare stub', () => {
    expect(skeletonOf('09-x/counter.ts', solution)).toBe(
      [
        "import { Thing } from 'some-package';",
        "import { todo } from '../todo.js';",
        "import { helper } from './helper.js';",
        '',
        'export class Counter {',
        '  /** TODO 9.1 — one more. */',
        '  add(n: number): void {',
        '    return todo(`9.1 Counter.add(${n}): count it`);',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it("one TODO's regions only, nested ones too, for the per-TODO proof; the other markers are dropped", () => {
    const only92 = renderFile('09-x/counter.ts', solution, (id) => id === '9.2');
    expect(only92).toContain("    todo('9.2 not yet');");
    expect(only92).toContain('  private count = 0;');
    expect(only92).toContain('    this.count += n;');
    expect(only92).not.toContain('lab:');
    expect(renderFile('09-x/counter.ts', solution, () => false)).not.toContain('todo');
  });

  it('YAML regions vanish, leaving the TODO comment above them; no todo import outside code', () => {
    const yaml = ['# TODO 9.3 — a Role', '# lab:todo 9.3', 'kind: Role', '# lab:end', 'kind: ServiceAccount', ''].join('\n');
    expect(skeletonOf('09-x/rbac.yaml', yaml)).toBe(['# TODO 9.3 — a Role', 'kind: ServiceAccount', ''].join('\n'));
  });

  it('lists regions with their ids and lines, and names the line of a malformed marker', () => {
    expect(regionsIn(parseRegions('counter.ts', solution)).map((r) => [r.id, r.line])).toEqual([
      ['9.1', 5],
      ['9.1', 12],
      ['9.2', 14],
    ]);
    expect(() => parseRegions('a.ts', '// lab:todo 9.1 x\n')).toThrow('a.ts:1: lab:todo 9.1 has no lab:end');
    expect(() => parseRegions('a.ts', '// lab:end\n')).toThrow('a.ts:1: lab:end without a lab:todo');
    expect(() => parseRegions('a.ts', '// lab:todo x\n')).toThrow('a.ts:1: lab:todo needs an id');
    expect(() => parseRegions('a.ts', '// lab:todo 9.1 x\nfoo();\n// lab:stub bar\n// lab:end\n')).toThrow('a.ts:3: lab:stub belongs right after');
    expect(() => parseRegions('a.ts', '// lab:ned\n')).toThrow('unknown marker lab:ned');
    expect(() => skeletonOf('a.ts', '// lab:todo 9.1\nfoo();\n// lab:end\n')).toThrow('a.ts:1: lab:todo 9.1 needs the text');
  });
});
