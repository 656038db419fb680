import type { Logger } from './logger.js';

/**
 * SIGINT (Ctrl-C) or SIGTERM (the kubelet stopping the pod): run `stop` once —
 * take no new work, finish what is in flight — then exit 0, or 1 if stopping failed.
 */
export function stopOnSignals(log: Logger, what: string, stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info(`shutting down: ${what}`, { signal });
      stop().then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          log.error('shutdown failed', { error: (error as Error).message });
          process.exit(1);
        },
      );
    });
  }
}

/**
 * A configuration error is the user's to fix: its message, the usage line
 * (the first of `usage`; all of it would bury the message) and where the
 * rest is, on stderr, exit 2. Anything else is a bug: rethrown.
 */
export function exitOnConfigError(error: unknown, usage: string, configErrors: (abstract new (...args: never[]) => Error)[]): never {
  if (configErrors.some((kind) => error instanceof kind)) {
    process.stderr.write(`${(error as Error).message}\n${usage.split('\n')[0]}\n--help lists every flag.\n`);
    process.exit(2);
  }
  throw error;
}

/** What stops the process before it starts, but is no typo in a flag (a port in use, no kubeconfig): one line, exit 1. */
export function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
