import type { BenchReport, Ratio } from '../report.js';

/** Wider than this, a bar is cut and marked: one runaway ratio must not squash the others. */
const maxScale = 5;
const layout = { width: 860, labelWidth: 400, rowHeight: 26, top: 58, right: 70 } as const;
const colour = { ok: '#2f855a', behind: '#dd6b20', goal: '#1a202c', grid: '#e2e8f0', parity: '#a0aec0' } as const;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The ratios of a run as one hand-written SVG: under each benchmark's name, a
 * bar per charted ratio, its goal as a dark line across the bar's row, 1.0
 * (parity) dashed. Green where the aim is met, orange where it is not.
 */
export function ratioChart(reports: BenchReport[], subtitle: string): string {
  type Charted = Ratio & { chart: NonNullable<Ratio['chart']> };
  // One line per report that has charted ratios (its name, as a heading), then one per ratio.
  const lines = reports.flatMap((report) => {
    const charted = report.ratios.filter((r): r is Charted => r.chart !== undefined);
    return charted.length ? [report.name, ...charted] : [];
  });
  const bars = lines.filter((line): line is Charted => typeof line !== 'string');
  const scale = Math.min(maxScale, Math.max(1.2, ...bars.flatMap((r) => [r.value, r.chart.goal])) * 1.05);
  const plot = layout.width - layout.labelWidth - layout.right;
  const x = (v: number) => layout.labelWidth + (Math.min(v, scale) / scale) * plot;
  const bottom = layout.top + lines.length * layout.rowHeight;
  const height = bottom + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${height}" viewBox="0 0 ${layout.width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">TypeScript / baseline — bars: ratio, dark line: aim</text>`,
    `<text x="12" y="40" fill="#4a5568">${escape(subtitle)}</text>`,
  ];
  // Grid: whole ratios, with 1.0 dashed (parity with the baseline).
  for (let tick = 0; tick <= Math.floor(scale); tick++) {
    const tx = x(tick);
    parts.push(`<line x1="${tx}" y1="${layout.top - 4}" x2="${tx}" y2="${bottom}" stroke="${tick === 1 ? colour.parity : colour.grid}"${tick === 1 ? ' stroke-dasharray="4 3"' : ''}/>`);
    parts.push(`<text x="${tx}" y="${bottom + 16}" text-anchor="middle" fill="#4a5568">${tick}×</text>`);
  }
  lines.forEach((line, i) => {
    const y = layout.top + i * layout.rowHeight;
    if (typeof line === 'string') {
      parts.push(`<rect x="0" y="${y + 2}" width="${layout.width}" height="${layout.rowHeight - 4}" fill="#f7fafc"/>`);
      parts.push(`<text x="12" y="${y + 17}" font-weight="600" fill="#2d3748">${escape(line)}</text>`);
      return;
    }
    const barEnd = x(line.value);
    const gx = x(line.chart.goal);
    parts.push(`<text x="${layout.labelWidth - 8}" y="${y + 16}" text-anchor="end">${escape(line.label)} <tspan fill="#718096">(${escape(line.goal)})</tspan></text>`);
    parts.push(`<rect x="${layout.labelWidth}" y="${y + 5}" width="${Math.max(1, barEnd - layout.labelWidth)}" height="${layout.rowHeight - 10}" fill="${line.ok ? colour.ok : colour.behind}" rx="2"/>`);
    parts.push(`<line x1="${gx}" y1="${y + 1}" x2="${gx}" y2="${y + layout.rowHeight - 1}" stroke="${colour.goal}" stroke-width="2.5"/>`);
    // The figure goes right of whichever ends later, the bar or the goal line, so the line never crosses it.
    parts.push(`<text x="${Math.max(barEnd, gx) + 5}" y="${y + 17}" font-weight="600">${line.value.toFixed(2)}${line.value > scale ? ' ▸' : ''}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
