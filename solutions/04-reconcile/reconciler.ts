import { CoreV1Api, type KubeConfig, type V1ConfigMap, type V1Namespace } from '@kubernetes/client-node';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../01-list-watch/index.js';
import type { Indexer, SharedIndexInformer } from '../02-informer/index.js';
import type { MirrorConfig } from './config.js';
import { desiredMirror, mirrorUpToDate } from './desired-mirror.js';
import type { EventRecorder } from './event-recorder.js';
import { mirrorsBySourceIndex, sourcesByNameIndex } from './indexes.js';
import { isMirror, isSource, sourceKeyOf } from './labels.js';
import type { Logger } from './logger.js';
import { MutationCache } from './mutation-cache.js';

/**
 * reconcile(key) for one source key `namespace/name`: make the cluster's
 * mirrors of that source what they should be. It READS only the informer
 * caches and only WRITES to the API server — a GET here would put the API
 * server in the hot path of every key, every resync.
 *
 * Level-triggered: it does not ask what event happened, only what is there
 * now, so the same call serves an add, an update, a delete, a resync, or a
 * restart after downtime.
 */
export class Reconciler {
  private readonly core: CoreV1Api;
  /** The ConfigMap cache, with our own writes laid over it until the informer has seen them (mutation-cache.ts). */
  private readonly configMaps: MutationCache<V1ConfigMap>;
  private readonly namespaces: Indexer<V1Namespace>;

  constructor(
    kubeConfig: KubeConfig,
    private readonly config: MirrorConfig,
    configMaps: SharedIndexInformer<V1ConfigMap>,
    namespaces: SharedIndexInformer<V1Namespace>,
    private readonly recorder: EventRecorder,
    private readonly log: Logger,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.configMaps = new MutationCache(configMaps.getIndexer(), () => configMaps.lastSyncResourceVersion());
    this.namespaces = namespaces.getIndexer();
  }

  async reconcile(key: string): Promise<void> {
    const source = this.configMaps.getByKey(key);
    const mirrors = this.configMaps.byIndex(mirrorsBySourceIndex, key);
    if (!source || !isSource(source)) {
      // Gone, or no longer labelled: its mirrors go too. Also catches deletions made while we were down.
      for (const mirror of mirrors) await this.deleteMirror(mirror, 'source gone');
      return;
    }
    const targets = this.targetNamespaces(source);
    let written = 0;
    for (const namespace of targets) {
      if (await this.ensureMirror(source, namespace)) written++;
    }
    // Mirrors in namespaces that are no longer targets (renamed prefix, source moved into the namespace…).
    for (const mirror of mirrors) {
      if (!targets.includes(mirror.metadata!.namespace!)) await this.deleteMirror(mirror, 'namespace no longer a target');
    }
    if (written > 0) {
      await this.recorder.event(source, 'Normal', 'Mirrored', `Mirrored to ${targets.length} namespace(s) with prefix "${this.config.prefix}"`);
    }
  }

  /** Namespaces that match the prefix, are not the source's own, and are not being deleted. */
  private targetNamespaces(source: V1ConfigMap): string[] {
    return this.namespaces
      .list()
      .filter((ns) => {
        const name = ns.metadata?.name ?? '';
        return name.startsWith(this.config.prefix) && name !== source.metadata?.namespace && !terminating(ns);
      })
      .map((ns) => ns.metadata!.name!)
      .sort();
  }

  /**
   * Which source may mirror into `namespace` under this name? Of all live
   * sources with the name (outside that namespace), the one whose namespace
   * sorts first. Deterministic and stable: it does not depend on the order
   * events arrive in, so two sources never take turns (no flapping).
   */
  private winner(name: string, namespace: string): string | undefined {
    return this.configMaps
      .byIndex(sourcesByNameIndex, name)
      .filter((s) => s.metadata?.namespace !== namespace)
      .map((s) => metaNamespaceKey(s))
      .sort()[0];
  }

  /** Returns true when it wrote. */
  private async ensureMirror(source: V1ConfigMap, namespace: string): Promise<boolean> {
    const name = source.metadata!.name!;
    const key = metaNamespaceKey(source);
    const existing = this.configMaps.getByKey(`${namespace}/${name}`);
    if (existing && !isMirror(existing)) {
      await this.recorder.event(source, 'Warning', 'MirrorConflict', `ConfigMap ${namespace}/${name} exists and is not managed by this controller; left untouched`);
      return false; // Not an error: retrying would change nothing. Its change or deletion brings us back here.
    }
    const winner = this.winner(name, namespace);
    if (winner !== key) {
      await this.recorder.event(source, 'Warning', 'MirrorConflict', `${winner} also mirrors "${name}" into ${namespace} and wins (first namespace in sort order)`);
      return false;
    }
    const desired = desiredMirror(source, namespace);
    if (!existing) return this.write(() => this.core.createNamespacedConfigMap({ namespace, body: desired }), namespace, name, 'created');
    if (mirrorUpToDate(existing, desired)) return false;
    if (existing.immutable) {
      // An immutable ConfigMap cannot be changed, only replaced.
      await this.deleteMirror(existing, 'immutable and out of date');
      return this.write(() => this.core.createNamespacedConfigMap({ namespace, body: desired }), namespace, name, 'replaced');
    }
    // Optimistic concurrency: the resourceVersion we cached must still be current, or the API server says 409 and we retry.
    desired.metadata!.resourceVersion = existing.metadata?.resourceVersion;
    return this.write(() => this.core.replaceNamespacedConfigMap({ namespace, name, body: desired }), namespace, name, 'updated');
  }

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

  private async deleteMirror(mirror: V1ConfigMap, why: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(metaNamespaceKey(mirror));
    try {
      // Preconditions: delete exactly the object we judged, not one another source has taken over since.
      await this.core.deleteNamespacedConfigMap({
        namespace: namespace!,
        name,
        body: { preconditions: { uid: mirror.metadata?.uid, resourceVersion: mirror.metadata?.resourceVersion } },
      });
      this.configMaps.removed(mirror);
      this.log.info('mirror deleted', { mirror: `${namespace}/${name}`, why, source: sourceKeyOf(mirror) });
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error; // already gone: the goal is reached
    }
  }
}

export function terminating(ns: V1Namespace): boolean {
  return ns.status?.phase === 'Terminating' || Boolean(ns.metadata?.deletionTimestamp);
}

/** 403 "… because it is being terminated": the namespace's deletion won the race with our cache. */
function namespaceTerminating(error: unknown): boolean {
  const e = error as { code?: number; body?: unknown };
  return e.code === 403 && /being terminated/.test(typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? ''));
}
