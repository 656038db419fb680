import type { CoreV1Api, KubeConfig, V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { DeletedFinalStateUnknown, metaNamespaceKey } from '../01-list-watch/index.js';
import { SharedInformerFactory, stripManagedFields, type SharedIndexInformer } from '../02-informer/index.js';
import { defaultControllerRateLimiter, RateLimitingQueue, type MetricsProvider } from '../03-workqueue/index.js';
import { abortableCoreV1Api, type AbortableCoreV1Api } from './abortable-client.js';
import { validateConfig, type MirrorConfig } from './config.js';
import { DedupingEventRecorder } from './event-recorder.js';
import { addMirrorIndexes, sourcesByNameIndex } from './indexes.js';
import { isSource, sourceKeyOf } from './labels.js';
import { silentLogger, type Logger } from '../00-common/logger.js';
import { Controller, type ReconcileFunc } from './generic-controller.js';
import { MirrorReconciler } from './reconciler.js';

export interface MirrorControllerOptions {
  kubeConfig: KubeConfig;
  config: Partial<MirrorConfig> & { prefix: string };
  log?: Logger;
  /**
   * Informers shared with other controllers (sample-controller's NewController
   * receives its informers): one factory, one LIST and WATCH, one cache for
   * all. Whoever made it starts it with the first controller and shuts it
   * down after the last; left out, the controller makes its own and stops it
   * with itself.
   */
  informers?: SharedInformerFactory;
  /** Stage 7 passes Prometheus here. */
  metricsProvider?: MetricsProvider;
  cacheSyncTimeoutMs?: number;
  /**
   * How long stop() lets in-flight reconciles finish before it cuts their
   * requests off (controller-runtime's GracefulShutdownTimeout). Default 10 s:
   * well inside a pod's 30 s termination grace period.
   */
  gracefulShutdownTimeoutMs?: number;
  /**
   * Runs right before every request the reconciler sends; throw to refuse it.
   * Stage 5 checks here that the lease is still held by its own clock, so a
   * leader paused past its lease never writes on waking (it aborts instead).
   */
  beforeWrite?: () => void;
}

/**
 * The mirror controller, wired the way client-go controllers are:
 *
 *   informers ─ handlers compute keys ─▶ rate-limited queue ─▶ Controller: N workers ─▶ MirrorReconciler.reconcile(key)
 *
 * This class is only the wiring: which informers, which handlers, which
 * reconciler. Handlers never do work: they only say which source needs
 * another look. The workers, the queue's bookkeeping and stopping are the
 * generic Controller's (generic-controller.ts); the mirror logic is
 * MirrorReconciler's (reconciler.ts). In Go: the sample-controller's
 * `NewController`, or controller-runtime's builder
 * (`ctrl.NewControllerManagedBy(mgr).For(…).Watches(…).Complete(r)`).
 */
export class MirrorController {
  readonly config: MirrorConfig;
  private readonly factory: SharedInformerFactory;
  private readonly configMaps: SharedIndexInformer<V1ConfigMap>;
  private readonly namespaces: SharedIndexInformer<V1Namespace>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly reconciler: MirrorReconciler;
  private readonly controller: Controller<string>;
  private readonly log: Logger;
  /** Aborted by abort(), or by stop() after its grace period (the Controller does it): cuts off every request of `core`. */
  private readonly stopSignal = new AbortController();
  /** The one client for the controller's writes (mirrors and Events), carrying stopSignal. */
  private readonly core: AbortableCoreV1Api;
  /** Events on sources, written through `core`, as component `bare-controller-mirror` (given: event-recorder.ts). */
  private readonly recorder: DedupingEventRecorder;
  private running: Promise<void> | undefined;

  /**
   * TODO 4.1 — NewController. In this order:
   *  1. `this.config = validateConfig(options.config)` FIRST: a bad prefix must
   *     throw InvalidConfigError before anything talks to the cluster.
   *  2. The informers: options.informers when given (a factory shared with
   *     other controllers), else a SharedInformerFactory of its own
   *     (defaultResyncMs: config.resyncPeriodMs, transform: stripManagedFields —
   *     reconcile never reads them); its configMaps() and namespaces() informers.
   *  3. addMirrorIndexes(configMaps): the two indexes, once per shared
   *     informer — given in indexes.ts.
   *  4. A RateLimitingQueue<string> with defaultControllerRateLimiter() (stage 3),
   *     named 'mirror', passing options.metricsProvider through.
   *  5. The MirrorReconciler: `this.core` (given: the client that stop() and
   *     abort() can cut off), the config, the two informers themselves,
   *     `this.recorder` (given, above the TODO) and the log.
   *  6. The generic Controller<string> (generic-controller.ts) that runs it:
   *     name 'mirror', the queue, the reconciler, config.workers workers,
   *     waitForCacheSync: () => factory.waitForCacheSync(cacheSyncTimeoutMs
   *     ?? 60 s), stopSignal: this.stopSignal (the one `core` obeys), and
   *     gracefulShutdownTimeoutMs and the log passed through.
   *  7. Register the event handlers here (this TODO; what they enqueue is
   *     TODO 4.2's enqueueFor and enqueueAllSources): ConfigMap add → enqueueFor(cm);
   *     update → enqueueFor(old) AND enqueueFor(new) (a label that just went
   *     is only in the old state); delete → enqueueFor of the object, or of a
   *     tombstone's `.obj`; namespace add whose name has the prefix →
   *     this.enqueueAllSources().
   */
  constructor(private readonly options: MirrorControllerOptions) {
    this.log = options.log ?? silentLogger;
    this.core = abortableCoreV1Api(options.kubeConfig, this.stopSignal.signal, () => options.beforeWrite?.());
    this.recorder = new DedupingEventRecorder(this.core, 'bare-controller-mirror', this.log);
    // lab:todo 4.1
    // lab:stub todo('4.1 MirrorController constructor: validate the config, then build informers, indexes, queue, reconciler and the Controller that runs it');
    // Validate before anything else: a bad prefix is a startup error, not a crash an hour later.
    this.config = validateConfig(options.config);
    // Reconcile never reads managedFields: a cache without them holds less (controller-runtime's TransformStripManagedFields).
    this.factory = options.informers ?? new SharedInformerFactory(options.kubeConfig, { defaultResyncMs: this.config.resyncPeriodMs, transform: stripManagedFields, log: this.log });
    this.configMaps = this.factory.configMaps();
    addMirrorIndexes(this.configMaps);
    this.namespaces = this.factory.namespaces();
    this.queue = new RateLimitingQueue<string>(defaultControllerRateLimiter<string>(), { name: 'mirror', metricsProvider: options.metricsProvider });
    this.reconciler = new MirrorReconciler(this.core, this.config, this.configMaps, this.namespaces, this.recorder, this.log);
    this.controller = new Controller<string>({
      name: 'mirror',
      queue: this.queue,
      reconciler: this.reconciler,
      workers: this.config.workers,
      waitForCacheSync: () => this.factory.waitForCacheSync(options.cacheSyncTimeoutMs ?? 60_000),
      stopSignal: this.stopSignal,
      gracefulShutdownTimeoutMs: options.gracefulShutdownTimeoutMs,
      log: this.log,
    });

    this.configMaps.addEventHandler({
      onAdd: (cm) => this.enqueueFor(cm),
      onUpdate: (oldCm, cm) => {
        this.enqueueFor(oldCm); // e.g. the mirror=true label just went: the old state names the source
        this.enqueueFor(cm);
      },
      onDelete: (obj) => this.enqueueFor(obj instanceof DeletedFinalStateUnknown ? obj.obj : obj),
    });
    this.namespaces.addEventHandler({
      onAdd: (ns) => {
        if (ns.metadata?.name?.startsWith(this.config.prefix)) this.enqueueAllSources();
      },
    });
    // lab:end
  }

  /** Starts informers, waits for their caches, then runs the workers until stop(). */
  run(): Promise<void> {
    this.running ??= this.start();
    return this.running;
  }

  /**
   * Graceful stop (SIGTERM): the Controller finishes the reconciles in flight
   * (at most gracefulShutdownTimeoutMs, then it cuts their requests off) and
   * takes no further key; then the watches close.
   */
  async stop(): Promise<void> {
    await this.controller.stop();
    await this.stopOwnInformers();
    await this.recorder.flush(); // Events are written in the background: let the last ones land
    await this.core.close();
  }

  /**
   * Stop NOW — for a leader that lost its lease (client-go exits at once):
   * no worker takes another key, every request in flight is cut off (it
   * rejects with a ControllerStoppedError naming `reason`), nothing more is
   * sent, the watches close, and run() resolves. Safe to call more than once,
   * and after or during stop(). Resolves when the workers have returned.
   */
  async abort(reason: string): Promise<void> {
    await this.controller.abort(reason);
    await this.stopOwnInformers();
    await this.recorder.flush(); // cut off with the rest: the client sends nothing more
    await this.core.close();
  }

  /** True once abort() was called or stop() had to cut requests off: nothing more is sent. */
  aborted(): boolean {
    return this.controller.aborted();
  }

  /** True once the caches are synced and workers run (a readiness probe in stage 7). */
  ready(): boolean {
    return this.controller.ready();
  }

  queueLength(): number {
    return this.queue.len();
  }

  /**
   * Stage 7: wraps every reconcile, e.g. to time it and count its result
   * (controller-runtime's reconcile metrics). The wrapper hands the Result
   * back and rethrows errors: the Controller decides on them.
   */
  instrumentReconcile(wrap: (reconcile: ReconcileFunc<string>) => ReconcileFunc<string>): void {
    this.controller.instrumentReconcile(wrap);
  }

  /** Recomputes the queue's unfinished-work gauges: call it before a metrics scrape (stage 7). */
  refreshQueueMetrics(): void {
    this.queue.updateUnfinishedWork();
  }

  /**
   * Starts the informers, then the Controller, which waits for their caches
   * and runs the workers until stop(). If it fails (a cache did not sync),
   * the watches close before the error is passed on.
   */
  private async start(): Promise<void> {
    this.factory.start();
    try {
      await this.controller.run();
    } catch (error) {
      await this.stopOwnInformers();
      throw error;
    }
  }

  /** Shared informers belong to whoever passed them in: other controllers still read them. */
  private async stopOwnInformers(): Promise<void> {
    if (this.factory !== this.options.informers) await this.factory.shutdown();
  }

  /**
   * TODO 4.2 — handlers only compute keys. The constructor (TODO 4.1) calls
   * this for every ConfigMap event — on an update for the old state and the
   * new one — and for a tombstone's last state. For any such ConfigMap:
   *  - a source (isSource) → its own key (metaNamespaceKey);
   *  - one of our mirrors (sourceKeyOf) → its source's key, so a hand edit or
   *    deletion is repaired now, not at the next resync;
   *  - any ConfigMap named like some sources (byIndex(sourcesByNameIndex, name))
   *    → those sources: a foreign ConfigMap in the way came or went, or a
   *    winning source went away.
   */
  private enqueueFor(cm: V1ConfigMap): void {
    // lab:todo 4.2 MirrorController.enqueueFor(${cm.metadata?.name}): map a ConfigMap change to source keys
    if (isSource(cm)) this.queue.add(metaNamespaceKey(cm));
    const owner = sourceKeyOf(cm);
    if (owner) this.queue.add(owner); // a mirror changed or vanished: repair now, not at the next resync
    // Sources of the same name compete for this name: a foreign ConfigMap appearing or leaving,
    // or a winning source going away, changes what each of them should do.
    const name = cm.metadata?.name;
    if (name) for (const source of this.configMaps.getIndexer().byIndex(sourcesByNameIndex, name)) this.queue.add(metaNamespaceKey(source));
    // lab:end
  }

  /**
   * TODO 4.2 — a new namespace needs every source: all of them in the cache
   * (listIndexFuncValues + byIndex on sourcesByNameIndex) → the queue.
   */
  private enqueueAllSources(): void {
    // lab:todo 4.2 MirrorController.enqueueAllSources: a new namespace needs every source
    const indexer = this.configMaps.getIndexer();
    for (const name of indexer.listIndexFuncValues(sourcesByNameIndex)) {
      for (const source of indexer.byIndex(sourcesByNameIndex, name)) this.queue.add(metaNamespaceKey(source));
    }
    // lab:end
  }
}
