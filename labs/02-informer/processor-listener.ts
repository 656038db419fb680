import type { Logger } from '../00-common/logger.js';
import type { DeletedFinalStateUnknown } from '../01-list-watch/index.js';
import type { ResourceEventHandler } from './handlers.js';

export type Notification<T> =
  | { type: 'add'; obj: T; isInInitialList: boolean }
  | { type: 'update'; oldObj: T; newObj: T }
  | { type: 'delete'; obj: T | DeletedFinalStateUnknown<T> };

/**
 * client-go's processorListener: one handler with its own FIFO of
 * notifications, drained asynchronously. Each handler sees events in order;
 * a handler that throws is logged and does not stop the others.
 */
export class ProcessorListener<T> {
  private readonly pending: { notification: Notification<T>; initial: boolean }[] = [];
  private head = 0;
  private draining = false;
  private removed = false;
  /** Notifications handed in before the informer synced that this handler has not yet processed. */
  private initialOutstanding = 0;
  /** When this handler's next resync is due: ms on the informer's clock. */
  nextResyncAt = 0;

  constructor(
    readonly handler: ResourceEventHandler<T>,
    /** This handler's resync period (client-go's AddEventHandlerWithResyncPeriod); 0: never. */
    readonly resyncPeriodMs: number,
    /** The informer's logger (its lines name the informer). */
    private readonly log: Logger,
  ) {}

  add(notification: Notification<T>, initial = false): void {
    if (this.removed) return;
    if (initial) this.initialOutstanding++;
    this.pending.push({ notification, initial });
    if (!this.draining) {
      this.draining = true;
      queueMicrotask(() => this.drain());
    }
  }

  /** Nothing from the initial list is left unprocessed. */
  caughtUp(): boolean {
    return this.initialOutstanding === 0;
  }

  remove(): void {
    this.removed = true;
    this.pending.length = 0;
    this.head = 0;
  }

  private drain(): void {
    while (this.head < this.pending.length) {
      const { notification, initial } = this.pending[this.head++]!;
      this.deliver(notification);
      if (initial) this.initialOutstanding--;
    }
    this.pending.length = 0;
    this.head = 0;
    this.draining = false;
  }

  private deliver(n: Notification<T>): void {
    try {
      if (n.type === 'add') this.handler.onAdd?.(n.obj, n.isInInitialList);
      else if (n.type === 'update') this.handler.onUpdate?.(n.oldObj, n.newObj);
      else this.handler.onDelete?.(n.obj);
    } catch (error) {
      this.log.error('event handler threw', { notification: n.type, error: (error as Error).message });
    }
  }
}
