import type { KubernetesObject } from '@kubernetes/client-node';
import { metaNamespaceKey } from '../01-list-watch/index.js';
import type { CacheReader } from '../02-informer/index.js';

/**
 * client-go's MutationCache, small: the informer's cache overlaid with this
 * controller's own recent writes, until the cache has caught up with them.
 *
 * Why: reconcile reads only the cache, and the cache hears of a write a moment
 * after the API server has answered it. A key reconciled again in that moment
 * (the first mirror's ADDED event re-queues the source while its last mirror
 * is being written) would see "no mirror yet" and create it a second time:
 * a 409, an error, a retry — wasted requests on every fan-out.
 *
 * It only reads the informer's cache (a CacheReader), and what it returns is
 * as shared as the cache's objects, our own writes included: read, never mutate.
 */
export class MutationCache<T extends KubernetesObject> {
  /** key → the object as our create/update returned it. */
  private readonly written = new Map<string, Readonly<T>>();
  /** key → uid of the object we deleted. */
  private readonly deleted = new Map<string, string>();

  constructor(
    private readonly indexer: CacheReader<T>,
    /** The informer's lastSyncResourceVersion: every event up to it is in the indexer. */
    private readonly syncedTo: () => string,
  ) {}

  getByKey(key: string): Readonly<T> | undefined {
    const cached = this.indexer.getByKey(key);
    const deletedUid = this.deleted.get(key);
    if (deletedUid !== undefined) {
      if (cached?.metadata?.uid === deletedUid) return undefined; // the cache has not seen our delete yet
      this.deleted.delete(key);
    }
    const mine = this.written.get(key);
    if (!mine) return cached;
    if (this.caughtUp(mine)) {
      this.written.delete(key);
      return cached;
    }
    return mine;
  }

  /** The indexer's answer with our own deletes taken out and our own writes put in place. */
  byIndex(indexName: string, value: string): Readonly<T>[] {
    return this.indexer.byIndex(indexName, value).flatMap((obj) => this.getByKey(metaNamespaceKey(obj)) ?? []);
  }

  /** Record what a create or update returned. */
  wrote(obj: Readonly<T>): void {
    const key = metaNamespaceKey(obj);
    this.deleted.delete(key);
    this.written.set(key, obj);
    this.sweep();
  }

  /** Record a delete. */
  removed(obj: Readonly<T>): void {
    const key = metaNamespaceKey(obj);
    this.written.delete(key);
    if (obj.metadata?.uid) this.deleted.set(key, obj.metadata.uid);
    this.sweep();
  }

  /** Entries the cache has caught up with go, so the overlay stays as small as the writes in flight. */
  private sweep(): void {
    for (const [key, obj] of this.written) if (this.caughtUp(obj)) this.written.delete(key);
    for (const [key, uid] of this.deleted) if (this.indexer.getByKey(key)?.metadata?.uid !== uid) this.deleted.delete(key);
  }

  /**
   * Has the informer delivered the event of this write? resourceVersions are
   * opaque to clients in general; like client-go's
   * IntegerResourceVersionMutationCache this relies on them being etcd
   * revisions. If they do not compare as integers, trust the cache.
   */
  private caughtUp(obj: Readonly<T>): boolean {
    const synced = Number(this.syncedTo() || Number.NaN);
    const written = Number(obj.metadata?.resourceVersion || Number.NaN);
    if (!Number.isSafeInteger(synced) || !Number.isSafeInteger(written)) return true;
    return synced >= written;
  }
}
