import type { TodoProof } from './verdict.js';

/** The per-TODO proof as npm test prints it: one row per TODO, then what was left out and the totals. */
export function proofTable(rows: TodoProof[], leftOut: Record<string, string>): string {
  const header = ['TODO', 'named failed', 'others passed', 'others failed', 'time', 'verdict'];
  const cells = rows.map((r) => [
    r.id,
    `${r.namedFailed}/${r.named}${r.namedNotRun > 0 ? ` (${r.namedNotRun} not run)` : ''}`,
    r.others ? String(r.others.passed) : '–',
    r.others ? String(r.others.failed) : '–',
    r.seconds > 0 ? `${r.seconds.toFixed(1)}s` : '–',
    r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (row: string[]) => `  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  const out = [line(header), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)];
  for (const r of rows) for (const title of r.namedPassed) out.push(`  ✗ TODO ${r.id} undone, yet this checkpoint that names it passes: ${title}`);
  if (rows.every((r) => !r.others)) out.push('  (others: not run — npm test -- --per-todo runs every checkpoint of the stage for each TODO)');
  for (const [file, why] of Object.entries(leftOut)) out.push(`  Left out of the per-TODO loop: ${file} (${why}); its checkpoints count as "not run".`);
  const count = (verdict: TodoProof['verdict']) => rows.filter((r) => r.verdict === verdict).length;
  out.push(
    `  ${rows.length} TODOs: ${count('proven')} proven, ${count('NOT PROVEN')} not proven, ${count('no checkpoint names it')} named by no checkpoint, ${count('not run here')} not run here`,
  );
  return out.join('\n');
}
