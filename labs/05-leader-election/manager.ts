import type { Logger } from '../00-common/logger.js';
import { stopOnSignals } from '../00-common/process-lifecycle.js';

/**
 * What the manager runs: a controller, an elected controller — anything
 * that runs until stopped. run() rejecting is fatal (the process restarts).
 */
export interface Runnable {
  run(): Promise<void>;
  /** Graceful: take no new work, finish what is in flight. */
  stop(): Promise<void>;
}

/** A listening server (metrics, probes): closed last, so probes answer until the end. */
export interface Closable {
  close(): Promise<void>;
}

export interface ManagerOptions {
  log: Logger;
  /**
   * The one deadline of a graceful stop (controller-runtime's
   * GracefulShutdownTimeout): past it the process exits anyway. Default 25 s,
   * inside a pod's 30 s termination grace period.
   */
  gracefulShutdownTimeoutMs?: number;
  /** After a fatal error (leadership lost), how long stopping may take before the process exits. Default 5 s. */
  fatalExitBoundMs?: number;
  /** Ends the process; a test passes its own. */
  exit?: (code: number) => void;
}

/**
 * A small controller-runtime Manager: what a controller's main.ts shares
 * with every other — runnables started together, servers that live as long as
 * the process, one graceful stop on SIGINT/SIGTERM with one deadline, and one
 * way out after a fatal error (client-go's OnStoppedLeading → exit 1, so a
 * fresh process campaigns again).
 *
 * Given code in stage 5, not 00-common: stage 5 is the first stage whose
 * main.ts needs it (an elected controller that must stop on signals and exit
 * when it loses the Lease); stage 7 adds its metrics and probe servers. The
 * leader election and the wait for synced caches stay in the runnables
 * (ElectedMirrorController, the generic Controller): they are what the stages teach.
 */
export class Manager {
  private readonly runnables: Runnable[] = [];
  private readonly servers: Closable[] = [];
  private readonly log: Logger;
  private readonly exit: (code: number) => void;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: ManagerOptions) {
    this.log = options.log;
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  /** Runs `runnable` on start(); stopped in the reverse order of adding. */
  add(runnable: Runnable): this {
    this.runnables.push(runnable);
    return this;
  }

  /** A server already listening, closed after every runnable has stopped. */
  addServer(server: Closable): this {
    this.servers.push(server);
    return this;
  }

  /**
   * Runs every runnable, and stops them all on SIGINT/SIGTERM (`what` says
   * what stopping does). A runnable that fails is fatal.
   */
  start(what: string): void {
    stopOnSignals(this.log, what, () => this.stopWithin(this.options.gracefulShutdownTimeoutMs ?? 25_000));
    for (const runnable of this.runnables) runnable.run().catch((error: unknown) => this.fatal(`${(error as Error).message}`));
  }

  /** Stops everything (graceful, once): runnables in reverse order, then the servers. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const runnable of [...this.runnables].reverse()) await runnable.stop();
      await Promise.all(this.servers.map((server) => server.close()));
    })();
    return this.stopping;
  }

  /** Something the process cannot go on from (leadership lost): stop, bounded, then exit 1. */
  fatal(why: string): void {
    this.log.error(`${why}: exiting so that a fresh process campaigns again`);
    this.stopWithin(this.options.fatalExitBoundMs ?? 5_000).finally(() => this.exit(1));
  }

  /** stop(), but resolves after `ms` whatever happens: a hung request never keeps a stopping process alive. */
  private stopWithin(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log.error('shutdown deadline passed; exiting anyway', { deadlineMs: ms });
        resolve();
      }, ms); // kept referenced: a stopping process waits for its deadline, it never just drains out with exit code 0
    });
    return Promise.race([this.stop(), deadline]).finally(() => clearTimeout(timer));
  }
}
