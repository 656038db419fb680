import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../report.js';
import { ratioChart } from './chart.js';
import { ratioTable } from './summary.js';

const report: BenchReport = {
  name: 'r',
  rows: [],
  ratios: [
    { label: 'sync <fast> & small', value: 1.2, goal: '≤ 1.5', ok: true, chart: { goal: 1.5 } },
    { label: 'runaway', value: 40, goal: '≤ 1.1', ok: false, chart: { goal: 1.1 } },
    { label: 'writes | count', value: 0, goal: '= 0', ok: true },
  ],
};

describe('bench output', () => {
  it('charts one bar per ratio with a goal, escaped, with a goal line each, and cuts a runaway bar', () => {
    const svg = ratioChart([report], 'machine');
    expect(svg.match(/<rect [^>]*rx="2"/g)).toHaveLength(2);
    expect(svg.match(/stroke-width="2.5"/g)).toHaveLength(2);
    expect(svg).toContain('sync &lt;fast&gt; &amp; small');
    expect(svg).not.toContain('writes');
    expect(svg).toContain('40.00 ▸');
    expect(svg).toContain('font-weight="600" fill="#2d3748">r</text>'); // the benchmark's name heads its bars
    expect(svg.startsWith('<svg') && svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('tables every ratio under its benchmark, pipes escaped, with a mark for met aims', () => {
    const table = ratioTable([report, { name: 'no ratios', rows: [], ratios: [] }]).split('\n');
    expect(table).toHaveLength(2 + 2 + 3);
    expect(table[0]).toBe('**r**');
    expect(table[4]).toBe('| sync <fast> & small | 1.20 | ≤ 1.5 | ✓ |');
    expect(table[6]).toBe('| writes \\| count | 0.00 | = 0 | ✓ |');
  });
});
