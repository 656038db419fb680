/** What every benchmark returns: raw figures, and ratios against a baseline measured in the same run. */
export interface BenchReport {
  name: string;
  rows: { label: string; value: number; unit: string }[];
  ratios: Ratio[];
}

export interface Ratio {
  label: string;
  value: number;
  goal: string;
  ok: boolean;
  /** Drawn in the chart as a bar against this goal line; ratios without it (counts, percentages) are not. */
  chart?: { goal: number };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatReport(report: BenchReport): string {
  const lines = [`## ${report.name}`, ''];
  for (const row of report.rows) lines.push(`  ${row.label.padEnd(56)} ${formatNumber(row.value).padStart(14)} ${row.unit}`);
  if (report.ratios.length) lines.push('');
  for (const ratio of report.ratios) {
    lines.push(`  ${ratio.ok ? '✓' : '✗'} ${ratio.label.padEnd(54)} ${ratio.value.toFixed(2).padStart(14)}  (goal ${ratio.goal})`);
  }
  return lines.join('\n');
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
