/**
 * Structured, leveled logs (klog/logr): a message and fields, one JSON object
 * a line, as log collectors expect. Who is speaking is a field, not a prefix
 * of the message: `withFields(log, { reflector: 'configmaps' })`.
 *
 *   error  something failed (a list, a watch, a reconcile, a handler)
 *   info   what an operator wants to see: starting, leading, a mirror written
 *   debug  per-event chatter (klog's -v=4): off unless asked for
 */
import { InvalidConfigError } from './config-error.js';
import type { Flags, FlagValues } from './flags.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

/** From least to most verbose: a logger at `info` writes error and info lines, and drops debug ones. */
export const logLevels = ['error', 'info', 'debug'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface JsonLoggerOptions {
  /** The most verbose level written (default info). */
  level?: LogLevel;
  /** Where each line goes, newline included (default stderr). */
  write?: (line: string) => void;
}

/** The flag every main takes for its log level (controller-runtime's --zap-log-level, klog's -v). */
export const logFlags = {
  'log-level': { type: 'string', value: '<level>', help: 'error, info or debug (a line per watch reopened, and more): the most verbose JSON lines written (default info)' },
} as const satisfies Flags;

/** The level --log-level names (info when not given); any other word is an InvalidConfigError. */
export function logLevelFrom(values: FlagValues<typeof logFlags>): LogLevel {
  const level = values['log-level'] ?? 'info';
  if (!(logLevels as readonly string[]).includes(level)) throw new InvalidConfigError(`--log-level ${level}: choose one of ${logLevels.join(', ')}`);
  return level as LogLevel;
}

export function jsonLogger({ level = 'info', write = (line) => process.stderr.write(line) }: JsonLoggerOptions = {}): Logger {
  const threshold = logLevels.indexOf(level);
  const at = (lineLevel: LogLevel) => {
    if (logLevels.indexOf(lineLevel) > threshold) return () => undefined;
    return (msg: string, fields?: LogFields) => write(`${JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...fields })}\n`);
  };
  return { error: at('error'), info: at('info'), debug: at('debug') };
}

/**
 * A logger whose every line also carries `fields` (logr's WithValues), e.g.
 * which component is speaking. A line's own fields win over these.
 */
export function withFields(log: Logger, fields: LogFields): Logger {
  if (log === silentLogger) return log;
  return {
    error: (msg, own) => log.error(msg, { ...fields, ...own }),
    info: (msg, own) => log.info(msg, { ...fields, ...own }),
    debug: (msg, own) => log.debug(msg, { ...fields, ...own }),
  };
}

/** Writes nothing: the default of every component that takes a `log` option. */
export const silentLogger: Logger = { error() {}, info() {}, debug() {} };
