import type { CoreV1Api, V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../01-list-watch/index.js';
import type { CacheReader, SharedIndexInformerInterface } from '../02-informer/index.js';
import { parallelizeUntil } from '../03-workqueue/index.js';
import type { MirrorConfig } from './config.js';
import type { Reconciler } from './generic-controller.js';
import { desiredMirror, mirrorUpToDate } from './desired-mirror.js';
import type { EventRecorder } from './event-recorder.js';
import { mirrorsBySourceIndex, sourcesByNameIndex } from './indexes.js';
import { instanceLabel, isMirror, isSource, ownedBy, sourceKeyOf } from './labels.js';
import { isForbidden, isNotFound, statusBodyOf } from '../00-common/api-errors.js';
import type { Logger } from '../00-common/logger.js';
import { MutationCache } from './mutation-cache.js';

/**
 * Mirror writes one reconcile keeps in flight. Sequential writes cost a round
 * trip each (100 namespaces: 100 in a row); 4 at a time cut a fan-out to about
 * a third, while each source still sends the API server only a handful at once.
 */
export const writesInFlight = 4;

/**
 * The mirror logic, and nothing else: the generic Controller
 * (generic-controller.ts) calls reconcile(key) from its workers and decides
 * from what it returns or throws when the key comes back.
 *
 * reconcile(key) for one source key `namespace/name`: make the cluster's
 * mirrors of that source what they should be. It READS only the informer
 * caches (this.configMaps, this.namespaces) and only WRITES to the API server
 * (this.core). A GET or LIST here is a checkpoint failure: it would put the
 * API server in the hot path of every key, every resync.
 *
 * Level-triggered: it does not ask what event happened, only what is there
 * now — so the same call serves an add, an update, a delete, a resync, and a
 * restart after downtime.
 *
 * What the caches return is shared with the informer and every other reader
 * (Readonly<…> here): never mutate it. Build new objects (desiredMirror does)
 * or copy first.
 */
export class MirrorReconciler implements Reconciler<string> {
  /** The ConfigMap cache, with our own writes laid over it until the informer has seen them (mutation-cache.ts). */
  private readonly configMaps: MutationCache<V1ConfigMap>;
  private readonly namespaces: CacheReader<V1Namespace>;

  /** `core` is the controller's one client for writes: stopping the controller cuts its requests off. */
  constructor(
    private readonly core: CoreV1Api,
    private readonly config: MirrorConfig,
    configMaps: SharedIndexInformerInterface<V1ConfigMap>,
    namespaces: SharedIndexInformerInterface<V1Namespace>,
    /** Only its event(): a test may pass `{ event: async () => {} }`. */
    private readonly recorder: EventRecorder,
    private readonly log: Logger,
  ) {
    this.configMaps = new MutationCache(configMaps.getIndexer(), () => configMaps.lastSyncResourceVersion());
    this.namespaces = namespaces.getIndexer();
  }

  /**
   * TODO 4.5 — the whole reconcile:
   *  - source = configMaps.getByKey(key); its mirrors = byIndex(mirrorsBySourceIndex, key),
   *    keeping only those ownedBy(mirror, config.instance): another instance's
   *    mirrors of the same source are never updated or deleted here.
   *  - TODO 4.6: no source, or no longer isSource → delete every mirror (deleteMirror, given). Done.
   *  - Otherwise ensureMirror in each targetNamespaces(source) — independent
   *    writes, so run them through the given parallelizeUntil(writesInFlight, …)
   *    (stage 3, client-go's workqueue.ParallelizeUntil; a plain loop is correct
   *    too, only slower) — then delete the mirrors that sit in namespaces that
   *    are no longer targets (not prefixed any more, the source's own, or
   *    being deleted: targetNamespaces leaves those out, so their mirror goes
   *    too — the namespace controller would remove it anyway).
   *  - If anything was written, record a Normal "Mirrored" event on the source.
   * It returns nothing (no requeueAfter): every change that matters to a
   * mirror reaches it as an event. An error it throws (a 409 on a stale
   * cache) is retried by the Controller with backoff. `_signal` (the
   * Reconciler interface passes it) is not needed here: every write goes
   * through this.core, which the controller's stop already cuts off.
   */
  async reconcile(key: string, _signal?: AbortSignal): Promise<void> {
    return todo(`4.5 MirrorReconciler.reconcile(${key}): read the cache, write the difference`);
  }

  /**
   * TODO 4.5 — names of the cached namespaces that start with config.prefix,
   * are not the source's own namespace, and are not being deleted
   * (terminating(), below). Sorted, so the work is done in a stable order.
   */
  private targetNamespaces(source: Readonly<V1ConfigMap>): string[] {
    return todo(`4.5 MirrorReconciler.targetNamespaces(${source.metadata?.name})`);
  }

  /**
   * TODO 4.7 — the same-name rule: which source may mirror into `namespace`
   * under this name? Of all sources named `name` (byIndex(sourcesByNameIndex,
   * name)) outside `namespace`, the key that sorts first wins. Deterministic
   * and independent of the order events arrive in: two sources never take
   * turns overwriting one mirror (no flapping).
   */
  private winner(name: string, namespace: string): string | undefined {
    return todo(`4.7 MirrorReconciler.winner(${name}, ${namespace})`);
  }

  /**
   * TODO 4.5 — make `namespace/<source name>` the source's mirror; true when it wrote.
   *  - TODO 4.7: a ConfigMap there that is not ours (not ownedBy this
   *    instance: foreign, or another instance's mirror) → a Warning event
   *    "MirrorConflict" naming it on the source, and return false. Not an
   *    error: a retry would change nothing, and its change or deletion brings
   *    the key back through the handlers. Same when winner() is another source.
   *  - Read the source from the cache again (gone or no longer a source →
   *    false): in a burst of updates it changes while the fan-out runs, and
   *    a write of the version this reconcile began with is already stale.
   *  - Missing → create desiredMirror(latest, namespace, config.instance).
   *    Up to date (mirrorUpToDate) → no write.
   *  - Out of date and immutable → it cannot be updated: delete, then create.
   *  - Out of date → replace, with the cached resourceVersion on the desired
   *    object (optimistic concurrency: a 409 means our cache was stale; the
   *    error requeues the key and the next try sees the newer object).
   * Use this.write(...) for the create/replace calls: it skips namespaces being deleted.
   */
  private async ensureMirror(source: Readonly<V1ConfigMap>, namespace: string): Promise<boolean> {
    return todo(`4.5 MirrorReconciler.ensureMirror(${source.metadata?.name} → ${namespace})`);
  }

  /** Given: runs a write; a namespace that is being deleted is logged and skipped, not retried forever. */
  private async write(call: () => Promise<V1ConfigMap>, namespace: string, name: string, what: string): Promise<boolean> {
    try {
      this.configMaps.wrote(await call());
      this.log.info(`mirror ${what}`, { mirror: `${namespace}/${name}` });
      return true;
    } catch (error) {
      if (namespaceTerminating(error)) {
        this.log.info('namespace is being deleted; skipped', { namespace });
        return false;
      }
      throw error;
    }
  }

  /**
   * Given: deletes exactly the mirror we judged — uid and resourceVersion
   * preconditions, so not one another source has taken over since; 404 is success.
   */
  private async deleteMirror(mirror: Readonly<V1ConfigMap>, why: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(metaNamespaceKey(mirror));
    try {
      await this.core.deleteNamespacedConfigMap({
        namespace: namespace!,
        name,
        body: { preconditions: { uid: mirror.metadata?.uid, resourceVersion: mirror.metadata?.resourceVersion } },
      });
      this.configMaps.removed(mirror);
      this.log.info('mirror deleted', { mirror: `${namespace}/${name}`, why, source: sourceKeyOf(mirror) });
    } catch (error) {
      if (!isNotFound(error)) throw error; // already gone: the goal is reached
    }
  }
}

export function terminating(ns: Readonly<V1Namespace>): boolean {
  return ns.status?.phase === 'Terminating' || Boolean(ns.metadata?.deletionTimestamp);
}

/** 403 "… because it is being terminated": the namespace's deletion won the race with our cache. */
function namespaceTerminating(error: unknown): boolean {
  return isForbidden(error) && /being terminated/.test(statusBodyOf(error)?.message ?? '');
}
