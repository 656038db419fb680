import type { DeletedFinalStateUnknown } from '../01-list-watch/index.js';

/** client-go's cache.ResourceEventHandlerFuncs. */
export interface ResourceEventHandler<T> {
  /** isInInitialList: the object was in the cache's first list (or the cache when the handler joined). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** On resync, oldObj === newObj: nothing changed, you are being reminded. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** A tombstone when the deletion happened while the watch was down. */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

/** What addEventHandler returns (client-go's ResourceEventHandlerRegistration). */
export interface HandlerRegistration {
  remove(): void;
  /**
   * True once the informer has synced (one full LIST is in its cache) and this
   * handler has processed every initial add it was given: the first list, or,
   * for a handler added later, the replay of the cache as it was when it
   * joined (client-go's ResourceEventHandlerRegistration.HasSynced). It says
   * nothing about later events: the handler may still be behind on those.
   */
  hasSynced(): boolean;
}
