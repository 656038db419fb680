import type { KubernetesObject } from '@kubernetes/client-node';
import { DeletedFinalStateUnknown, Reflector, type ListerWatcher, type ReflectorEvent } from '../01-list-watch/index.js';
import type { HandlerRegistration, ResourceEventHandler } from './handlers.js';
import { Indexer, metaNamespaceIndexFunc, namespaceIndex, type Indexers } from './indexer.js';
import { Lister } from './lister.js';
import { ProcessorListener } from './processor-listener.js';
import type { TransformFunc } from './transform.js';

export interface SharedIndexInformerOptions<T> {
  /** Default resync for handlers that name none; 0 turns resync off. */
  resyncPeriodMs?: number;
  indexers?: Indexers<T>;
  name?: string;
  watchTimeoutSeconds?: number;
  log?: (message: string) => void;
  /** client-go's SetTransform: applied to each object received, before the cache and the handlers see it. */
  transform?: TransformFunc<T>;
}

/** client-go will not resync more often than once a second; neither do we. */
const minimumResyncPeriodMs = 1000;

/**
 * client-go's SharedIndexInformer: ONE reflector (one LIST, one WATCH) feeds
 * an indexed cache, and every registered handler is told what changed —
 * with the old object on updates, a tombstone on deletions we missed, and
 * a periodic resync that re-delivers every cached object as onUpdate(o, o).
 */
export class SharedIndexInformer<T extends KubernetesObject> {
  private readonly indexer: Indexer<T>;
  private readonly listeners = new Set<ProcessorListener<T>>();
  private reflector: Reflector<T> | undefined;
  private running: Promise<void> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private readonly log: (message: string) => void;

  constructor(
    private readonly listerWatcher: ListerWatcher<T>,
    private readonly options: SharedIndexInformerOptions<T> = {},
  ) {
    this.indexer = new Indexer<T>({ [namespaceIndex]: metaNamespaceIndexFunc, ...options.indexers });
    this.log = options.log ?? (() => undefined);
  }

  /**
   * Registers a handler. One added after start first receives the whole
   * cache as adds. `resyncPeriodMs` overrides the informer's; 0 disables
   * resync for this handler; shorter than a second is raised to a second.
   */
  addEventHandler(handler: ResourceEventHandler<T>, resyncPeriodMs?: number): HandlerRegistration {
    const requested = resyncPeriodMs ?? this.options.resyncPeriodMs ?? 0;
    const period = requested > 0 ? Math.max(requested, minimumResyncPeriodMs) : 0;
    const listener = new ProcessorListener<T>(handler, period, this.log);
    listener.nextResyncAt = Date.now() + period;
    this.listeners.add(listener);
    if (this.running) {
      const initial = !this.hasSynced();
      for (const obj of this.indexer.list()) listener.add({ type: 'add', obj, isInInitialList: true }, initial);
    }
    this.scheduleResync();
    return {
      remove: () => {
        listener.remove();
        this.listeners.delete(listener);
      },
      hasSynced: () => this.hasSynced() && listener.caughtUp(),
    };
  }

  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  lister(resource = 'objects'): Lister<T> {
    return new Lister(this.indexer, resource);
  }

  /** True once the initial list is in the cache and has been handed to the handlers. */
  hasSynced(): boolean {
    return this.reflector?.hasSynced() ?? false;
  }

  lastSyncResourceVersion(): string {
    return this.reflector?.lastSyncResourceVersion() ?? '';
  }

  isRunning(): boolean {
    return this.running !== undefined;
  }

  run(): Promise<void> {
    if (this.running) return this.running;
    this.reflector = new Reflector<T>({
      listerWatcher: this.listerWatcher,
      onEvent: (event) => this.handle(event),
      // The cache already holds every delivered object: the reflector need not keep a second copy.
      knownObjects: this.indexer,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds,
      name: this.options.name,
      log: this.options.log,
    });
    this.running = this.reflector.run();
    this.scheduleResync();
    return this.running;
  }

  async stop(): Promise<void> {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
    await this.reflector?.stop();
  }

  /** Cache first, then handlers: a handler that reads the cache sees the change it is told about. */
  private handle(event: ReflectorEvent<T>): void {
    const initial = event.type === 'ADDED' && event.isInInitialList;
    const transform = this.options.transform;
    if (event.type === 'DELETED') {
      // A tombstone's last state comes from this cache: it has been transformed already.
      const obj = event.object instanceof DeletedFinalStateUnknown || !transform ? event.object : transform(event.object);
      this.indexer.delete(obj instanceof DeletedFinalStateUnknown ? obj.obj : obj);
      this.distribute({ type: 'delete', obj });
      return;
    }
    const obj = transform ? transform(event.object) : event.object;
    const old = this.indexer.get(obj);
    this.indexer.update(obj);
    if (old) this.distribute({ type: 'update', oldObj: old, newObj: obj });
    else this.distribute({ type: 'add', obj, isInInitialList: initial }, initial);
  }

  private distribute(notification: Parameters<ProcessorListener<T>['add']>[0], initial = false): void {
    for (const listener of this.listeners) listener.add(notification, initial);
  }

  /** One timer for the nearest resync among the handlers; none when no handler wants one. */
  private scheduleResync(): void {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
    if (!this.running) return;
    const due = [...this.listeners].filter((l) => l.resyncPeriodMs > 0).map((l) => l.nextResyncAt);
    if (due.length === 0) return;
    const wait = Math.max(0, Math.min(...due) - Date.now());
    this.resyncTimer = setTimeout(() => this.resync(), wait);
    this.resyncTimer.unref();
  }

  private resync(): void {
    const now = Date.now();
    const objects = this.hasSynced() ? this.indexer.list() : [];
    for (const listener of this.listeners) {
      if (listener.resyncPeriodMs <= 0 || listener.nextResyncAt > now) continue;
      for (const obj of objects) listener.add({ type: 'update', oldObj: obj, newObj: obj });
      listener.nextResyncAt = now + listener.resyncPeriodMs;
    }
    this.scheduleResync();
  }
}
