import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from './config-error.js';
import { parseFlags } from './flags.js';
import { jsonLogger, logFlags, logLevelFrom, silentLogger, withFields, type LogLevel } from './logger.js';

/** A jsonLogger at `level` whose lines are collected, not written. */
function collecting(level?: LogLevel) {
  const lines: string[] = [];
  const log = jsonLogger({ level, write: (line) => void lines.push(line) });
  return { log, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('jsonLogger: one JSON object a line, up to its level', () => {
  it('at info (the default) writes error and info lines and drops debug ones', () => {
    const { log, lines, parsed } = collecting();
    log.debug('event delivered', { key: 'ns/a' });
    log.info('caches synced');
    log.error('watch failed', { error: 'connection reset' });
    expect(lines.every((line) => line.endsWith('}\n') && line.indexOf('\n') === line.length - 1), 'each line one object and a newline').toBe(true);
    expect(parsed().map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 'info', msg: 'caches synced' },
      { level: 'error', msg: 'watch failed' },
    ]);
    expect(parsed()[1]).toMatchObject({ error: 'connection reset' });
    expect(Number.isNaN(Date.parse(String(parsed()[0]!.time))), 'an ISO time').toBe(false);
  });

  it('at debug writes every line; at error only errors', () => {
    const verbose = collecting('debug');
    const quiet = collecting('error');
    for (const { log } of [verbose, quiet]) {
      log.debug('d');
      log.info('i');
      log.error('e');
    }
    expect(verbose.parsed().map((l) => l.level)).toEqual(['debug', 'info', 'error']);
    expect(quiet.parsed().map((l) => l.level)).toEqual(['error']);
  });
});

describe('withFields: who is speaking, as a field', () => {
  it("adds the component's fields to every line, after which a line's own fields win", () => {
    const { log, parsed } = collecting('debug');
    const reflector = withFields(log, { reflector: 'configmaps' });
    reflector.error('list failed', { error: 'forbidden' });
    reflector.debug('watch closed by the server; reopening', { reflector: 'override' });
    expect(parsed()).toMatchObject([
      { level: 'error', msg: 'list failed', reflector: 'configmaps', error: 'forbidden' },
      { level: 'debug', msg: 'watch closed by the server; reopening', reflector: 'override' },
    ]);
  });

  it('keeps the silent logger silent (no wrapper for every component)', () => {
    expect(withFields(silentLogger, { reflector: 'configmaps' })).toBe(silentLogger);
  });
});

describe('--log-level', () => {
  const level = (...argv: string[]) => logLevelFrom(parseFlags(logFlags, argv).values);
  it('names the level; info when not given', () => {
    expect(level()).toBe('info');
    expect(level('--log-level', 'debug')).toBe('debug');
    expect(level('--log-level=error')).toBe('error');
  });
  it('refuses any other word with a sentence naming the choices', () => {
    expect(() => level('--log-level', 'verbose')).toThrow(InvalidConfigError);
    expect(() => level('--log-level', 'verbose')).toThrow('--log-level verbose: choose one of error, info, debug');
  });
});
