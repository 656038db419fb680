import { machineLine, type Machine } from './machine.js';
import type { BenchReport } from '../report.js';

/** What one `npm run bench` wrote: when, where, and every report. */
export interface BenchRun {
  finishedAt: string;
  machine: Machine;
  reports: BenchReport[];
}

function figure(value: number, unit: string): string {
  const number = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  return unit ? `${number} ${unit}` : number;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The headline: each benchmark's ratios with their aims, one small table under its name. */
export function ratioTable(reports: BenchReport[]): string {
  const parts: string[] = [];
  for (const report of reports.filter((r) => r.ratios.length > 0)) {
    parts.push(`**${report.name}**`, '', '| Ratio | Value | Aim | |', '|---|---:|---|:-:|');
    for (const ratio of report.ratios) parts.push(`| ${cell(ratio.label)} | ${ratio.value.toFixed(2)} | ${cell(ratio.goal)} | ${ratio.ok ? '✓' : '✗'} |`);
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}

/** The Markdown summary saved next to the JSON: machine, chart, ratios, then every figure. */
export function markdownSummary(run: BenchRun, chartFile: string): string {
  const parts = [
    `# Benchmarks, ${run.finishedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machineLine(run.machine)}`,
    '',
    `![Ratios against their aims](${chartFile})`,
    '',
    ratioTable(run.reports),
  ];
  for (const report of run.reports) {
    parts.push('', `## ${report.name}`, '', '| Figure | Value |', '|---|---:|');
    for (const row of report.rows) parts.push(`| ${cell(row.label)} | ${figure(row.value, row.unit)} |`);
  }
  return `${parts.join('\n')}\n`;
}
