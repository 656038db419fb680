/** One line of `npm run doctor`: what was checked, how it stands, and what to do when it is not fine. */
export interface Check {
  name: string;
  /** ok: fine. note: missing, but only some stages or tools need it. fix: lab runs cannot work until it is fixed. */
  state: 'ok' | 'note' | 'fix';
  /** What was found, and when not ok, what to do — one sentence. */
  line: string;
}

export const ok = (name: string, line: string): Check => ({ name, state: 'ok', line });
export const note = (name: string, line: string): Check => ({ name, state: 'note', line });
export const fix = (name: string, line: string): Check => ({ name, state: 'fix', line });

const marks = { ok: 'ok  ', note: 'note', fix: 'FIX ' } as const;

export function formatCheck(check: Check, width: number): string {
  return `  ${marks[check.state]}  ${check.name.padEnd(width)}  ${check.line}`;
}
