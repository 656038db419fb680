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
  /** True when the informer has synced and this handler has been given everything up to then. */
  hasSynced(): boolean;
}
