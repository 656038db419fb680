import { InvalidConfigError } from './config-error.js';

/** Go's time units, in milliseconds (time.ParseDuration accepts exactly these). */
const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * A duration in Go syntax — what `--resync 10m` means to every controller-runtime
 * user — as milliseconds: `500ms`, `90s`, `10m`, `1h30m`, `1.5h`, `-2s`, and `0`
 * (Go's one unit-less duration). A bare number such as `60` is refused: 60 what?
 * (Taking it as milliseconds once made `--resync 60` burn 17% CPU.)
 *
 * `flag` names the setting in the error, e.g. "--resync 60: give a unit, e.g. 60s or 10m".
 */
export function parseDuration(text: string, flag = 'duration'): number {
  const input = text.trim();
  const sign = input.startsWith('-') ? -1 : 1;
  const body = input.replace(/^[-+]/, '');
  if (body === '0') return 0;
  if (/^\d+(\.\d+)?$/.test(body)) throw new InvalidConfigError(`${flag} ${text}: give a unit, e.g. ${body}s or 10m`);
  let total = 0;
  part.lastIndex = 0;
  while (part.lastIndex < body.length) {
    const start = part.lastIndex;
    const match = part.exec(body);
    if (!match || match.index !== start) {
      throw new InvalidConfigError(`${flag} ${text}: not a duration; use Go's syntax, e.g. 500ms, 90s, 10m, 1h30m`);
    }
    total += Number(match[1]) * unitMs[match[2]!]!;
  }
  if (body === '') throw new InvalidConfigError(`${flag}: empty; use Go's syntax, e.g. 500ms, 90s, 10m, 1h30m`);
  return sign * total;
}
