import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { realClock, type Clock } from '../03-workqueue/index.js';
import { isTerminalError, type ReconcileFunc as KeyReconcileFunc } from '../04-reconcile/index.js';

/** controller-runtime's buckets for controller_runtime_reconcile_time_seconds: 5 ms to 60 s, finer below 1 s. */
export const reconcileTimeBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
  1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];

/**
 * The results controller_runtime_reconcile_total counts: "error" (thrown,
 * terminal or not), "requeue_after" (returned `{ requeueAfter: ms }`, ms > 0),
 * else "success". "requeue" is Go's deprecated `Result{Requeue: true}`, which
 * stage 4's Result does not offer: its series stays at 0, there for dashboards.
 */
export const reconcileResults = ['success', 'error', 'requeue', 'requeue_after'] as const;

/** A function that reconciles one key: it returns stage 4's Result, and throws when the key must be retried. */
export type ReconcileFunc = KeyReconcileFunc<string>;

/**
 * TODO 7.3 — controller-runtime's reconcile metrics
 * (pkg/internal/controller/metrics), so the dashboards written for every
 * kubebuilder operator work for ours. In the constructor create, in
 * `registry`, with labelNames ['controller'] (plus 'result' for the first):
 *
 *   Counter   controller_runtime_reconcile_total{controller,result}
 *   Counter   controller_runtime_reconcile_errors_total
 *   Counter   controller_runtime_terminal_reconcile_errors_total — errors not retried (TerminalError)
 *   Histogram controller_runtime_reconcile_time_seconds   (buckets: reconcileTimeBuckets)
 *   Gauge     controller_runtime_max_concurrent_reconciles  — set to maxConcurrentReconciles
 *   Gauge     controller_runtime_active_workers             — how many reconciles run right now
 *
 * and, as controller-runtime does, make every series exist from the start:
 * each of reconcileResults and both error counters at 0 (inc(0)), active
 * workers set to 0 — a rate() over a series that appears only with the
 * first error misses that error.
 *
 * instrument(reconcile) returns a ReconcileFunc that runs reconcile(key) and
 * on the way: sets active workers to the number running (before and after),
 * times the call on `clock` (milliseconds → seconds) into the histogram, and
 * counts result "requeue_after" (it returned a requeueAfter > 0) or
 * "success", handing the Result back — or "error" plus one error (and one
 * terminal error when isTerminalError(error), given by stage 4: the key is
 * dropped, not retried, so someone must look), then rethrows the error: the
 * worker must still see it, to retry the key or give up on it.
 */
export class ReconcileMetrics {
  // lab:todo 7.3
  // lab:stub
  private readonly total: Counter;
  private readonly errors: Counter;
  private readonly terminal: Counter;
  private readonly time: Histogram;
  private readonly active: Gauge;
  private running = 0;
  // lab:end

  constructor(
    registry: Registry,
    readonly controller: string,
    maxConcurrentReconciles: number,
    private readonly clock: Clock = realClock,
  ) {
    // lab:todo 7.3
    // lab:stub todo('7.3 ReconcileMetrics: create controller-runtime\'s six reconcile metrics, every series at its starting value');
    const registers = [registry];
    this.total = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers });
    this.errors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers });
    this.terminal = new Counter({ name: 'controller_runtime_terminal_reconcile_errors_total', help: 'Total number of terminal reconciliation errors per controller', labelNames: ['controller'], registers });
    this.time = new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: ['controller'], buckets: reconcileTimeBuckets, registers });
    const max = new Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: ['controller'], registers });
    this.active = new Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: ['controller'], registers });
    for (const result of reconcileResults) this.total.labels(controller, result).inc(0);
    this.errors.labels(controller).inc(0);
    this.terminal.labels(controller).inc(0);
    max.labels(controller).set(maxConcurrentReconciles);
    this.active.labels(controller).set(0);
    // lab:end
  }

  instrument(reconcile: ReconcileFunc): ReconcileFunc {
    // lab:todo 7.3 ReconcileMetrics.instrument: count, time and track each reconcile
    return async (key, signal) => {
      const start = this.clock.now();
      this.active.labels(this.controller).set(++this.running);
      try {
        const result = await reconcile(key, signal);
        this.total.labels(this.controller, (result?.requeueAfter ?? 0) > 0 ? 'requeue_after' : 'success').inc();
        return result;
      } catch (error) {
        this.total.labels(this.controller, 'error').inc();
        this.errors.labels(this.controller).inc();
        if (isTerminalError(error)) this.terminal.labels(this.controller).inc();
        throw error;
      } finally {
        this.time.labels(this.controller).observe((this.clock.now() - start) / 1000);
        this.active.labels(this.controller).set(--this.running);
      }
    };
    // lab:end
  }
}
