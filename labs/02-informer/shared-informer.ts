import type { KubernetesObject } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import { silentLogger, withFields, type Logger } from '../00-common/logger.js';
import { DeletedFinalStateUnknown, realClock, Reflector, type Clock, type ListerWatcher, type ReflectorEvent, type TimerHandle } from '../01-list-watch/index.js';
import type { HandlerRegistration, ResourceEventHandler } from './handlers.js';
import { Indexer, metaNamespaceIndexFunc, namespaceIndex, type CacheReader, type Indexers } from './indexer.js';
import { Lister } from './lister.js';
import { ProcessorListener } from './processor-listener.js';
import type { TransformFunc } from './transform.js';

export interface SharedIndexInformerOptions<T> {
  /**
   * The resync period of handlers added without one (client-go's
   * defaultEventHandlerResyncPeriod); 0 turns resync off for them.
   */
  defaultResyncMs?: number;
  indexers?: Indexers<T>;
  name?: string;
  watchTimeoutSeconds?: number;
  /** Where the informer and its reflector log (lines carry `informer: name`); silent by default. */
  log?: Logger;
  /** client-go's SetTransform: applied to each object received, before the cache and the handlers see it. */
  transform?: TransformFunc<T>;
  /**
   * Where resync is timed, given on to the reflector for its backoff (client-go's
   * sharedIndexInformer.clock); the real one by default. A test passes a fake
   * clock and moves time by hand instead of waiting for resyncs.
   */
  clock?: Clock;
}

/**
 * client-go's cache.SharedInformer interface: what code that consumes an
 * informer may ask of it. Take this (or SharedIndexInformerInterface) as a
 * parameter, not the SharedIndexInformer class, so a test can hand in its own
 * without a cast.
 */
export interface SharedInformer<T extends KubernetesObject> {
  addEventHandler(handler: ResourceEventHandler<T>, resyncPeriodMs?: number): HandlerRegistration;
  hasSynced(): boolean;
  lastSyncResourceVersion(): string;
  isRunning(): boolean;
  run(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * client-go's cache.SharedIndexInformer interface: a SharedInformer with an
 * indexed cache. The SharedIndexInformer class below implements it
 * (Go's unexported struct sharedIndexInformer); TypeScript cannot give an
 * interface and a class one name, so the interface carries Go's
 * `…Interface` suffix (as in resourcelock.Interface). Its getIndexer() hands
 * out only the read side: a consumer reads a shared cache, never writes it.
 */
export interface SharedIndexInformerInterface<T extends KubernetesObject> extends SharedInformer<T> {
  addIndexers(indexers: Indexers<T>): void;
  getIndexer(): CacheReader<T>;
}

/**
 * client-go's SharedIndexInformer: ONE reflector (your stage 1: one LIST, one
 * WATCH) feeds an indexed cache, and every registered handler is told what
 * changed — with the old object on updates, a tombstone on deletions we
 * missed, and a periodic resync that re-delivers every cached object as
 * onUpdate(o, o).
 *
 * Given: ProcessorListener (one per handler, its own FIFO, drained in order,
 * exceptions contained). You decide what goes into it and when.
 *
 *   reflector event ─▶ update the indexer FIRST ─▶ every listener.add(notification)
 *     ADDED/MODIFIED, not cached before → { type: 'add', obj, isInInitialList }
 *     ADDED/MODIFIED, cached before      → { type: 'update', oldObj: cached, newObj }
 *     DELETED (object or tombstone)      → remove from indexer → { type: 'delete', obj }
 *   If options.transform is set, apply it to event.object FIRST (not to a
 *   DeletedFinalStateUnknown: its last state comes from your cache, already
 *   transformed), and cache and deliver what it returns.
 *   Pass `initial = true` as listener.add's second argument for notifications
 *   of the first list, so HandlerRegistration.hasSynced() can wait for them.
 */
export class SharedIndexInformer<T extends KubernetesObject> implements SharedIndexInformerInterface<T> {
  private readonly indexer: Indexer<T>;
  private readonly listeners = new Set<ProcessorListener<T>>();
  private readonly log: Logger;
  /** Time for resync: `this.clock.now()` and `this.clock.setTimer(ms, fn)`, never Date.now or setTimeout. */
  private readonly clock: Clock;

  constructor(
    private readonly listerWatcher: ListerWatcher<T>,
    private readonly options: SharedIndexInformerOptions<T> = {},
  ) {
    this.indexer = new Indexer<T>({ [namespaceIndex]: metaNamespaceIndexFunc, ...options.indexers });
    this.log = withFields(options.log ?? silentLogger, { informer: options.name ?? 'informer' });
    this.clock = options.clock ?? realClock;
  }

  /**
   * TODO 2.6 — register a handler (wrap it in a ProcessorListener). If the
   * informer is already running, first hand it the whole cache as adds
   * (isInInitialList: true), each counted as initial (`listener.add(n, true)`),
   * synced or not: that replay is this handler's initial list. Return
   * { remove(), hasSynced() }, where hasSynced() is true only once the informer
   * has synced AND this handler has processed every initial add it was given
   * (`listener.caughtUp()`) — client-go tracks each late registration the same way.
   * TODO 2.8 — its resync period: `resyncPeriodMs ?? options.defaultResyncMs ?? 0`;
   * 0 = never; under 1000 ms is raised to 1000 ms (client-go's minimum).
   */
  addEventHandler(handler: ResourceEventHandler<T>, resyncPeriodMs?: number): HandlerRegistration {
    return todo('2.6 SharedIndexInformer.addEventHandler: register a listener (and replay the cache if running)');
  }

  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  lister(resource = 'objects'): Lister<T> {
    return new Lister<T>(this.indexer, resource);
  }

  /**
   * TODO 2.5 — true once the cache has been filled by one full LIST (your
   * reflector knows: it delivers the whole list before it says synced). That
   * is all it promises, as in client-go: it does not mean any handler has
   * processed those objects (a handler's own registration.hasSynced() says
   * that), nor that the cache is up to date with the API server now.
   */
  hasSynced(): boolean {
    return todo('2.5 SharedIndexInformer.hasSynced');
  }

  /** TODO 2.5 — what the reflector last saw. */
  lastSyncResourceVersion(): string {
    return todo('2.5 SharedIndexInformer.lastSyncResourceVersion');
  }

  /** TODO 2.5 — started? (The factory starts only informers that are not running.) */
  isRunning(): boolean {
    return todo('2.5 SharedIndexInformer.isRunning');
  }

  /**
   * TODO 2.5 — create a Reflector over this.listerWatcher whose onEvent does
   * the dance above (see `handle`), run it, and start the resync timer
   * (TODO 2.8). Resolves when stopped. Calling it twice returns the same
   * promise. Give the reflector the indexer as its knownObjects: the cache
   * holds every delivered object already, so it need not keep a second copy.
   *
   * TODO 2.8 — resync: one timer, `this.clock.setTimer(ms, fn)`, for the
   * handler due first (each listener knows its resyncPeriodMs and
   * nextResyncAt, both on this.clock). When it fires, each due handler gets
   * { type: 'update', oldObj: o, newObj: o } for every cached object (same
   * object: nothing changed, it is a reminder), its next time is set, and the
   * timer is armed again for the next one due. Resync reads the cache — never
   * LISTs. Time it only with this.clock (never Date.now or setTimeout): the
   * checkpoints move a fake clock and expect the resync exactly when it is due.
   */
  run(): Promise<void> {
    return todo('2.5 SharedIndexInformer.run: a reflector feeding the indexer, then the handlers');
  }

  /**
   * TODO 2.7 — stop the resync timer and the reflector. Stopped is for good:
   * no resync may fire afterwards, not even for a handler added later.
   */
  async stop(): Promise<void> {
    return todo('2.7 SharedIndexInformer.stop');
  }

  /**
   * TODO 2.5 — the event dance of the class comment. Cache first, then handlers:
   * a handler that reads the cache sees the change it is told about.
   */
  private handle(event: ReflectorEvent<T>): void {
    return todo(`2.5 SharedIndexInformer.handle(${event.type}): update the indexer, then notify every listener`);
  }
}
