import type { V1ConfigMap } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import { instanceLabel, managedByLabel, managedByValue, sourceAnnotation, sourceLabel } from './labels.js';

/**
 * TODO 4.4 — the mirror of `source` in `namespace`, owned by controller
 * `instance`, as it should be:
 *  - apiVersion v1, kind ConfigMap, the source's name, the target namespace;
 *  - labels: the source's labels WITHOUT `mirror` (sourceLabel) — a mirror
 *    must never become a source — plus managedByLabel: managedByValue and
 *    instanceLabel: instance (so each controller touches only its own);
 *  - annotations: { [sourceAnnotation]: "<source namespace>/<source name>" };
 *  - data, binaryData and immutable copied (only when present) — data and
 *    binaryData as new maps: `source` is the cache's object, shared with
 *    every reader, and the mirror must not alias it.
 * No resourceVersion, uid or other server-set fields.
 */
export function desiredMirror(source: Readonly<V1ConfigMap>, namespace: string, instance: string): V1ConfigMap {
  return todo(`4.4 desiredMirror(${source.metadata?.name}, ${namespace}, ${instance}): the mirror as it should be`);
}

/**
 * TODO 4.4 — is `existing` already what `desired` says? Compare CONTENT:
 * data, binaryData, immutable, labels (a source's label change must reach its
 * mirrors, and a hand-edited label is put back), and our source annotation. Never
 * resourceVersions: they change on every write, so every pass would look like
 * work and resyncs would rewrite every mirror. (Treat a missing map as empty.)
 */
export function mirrorUpToDate(existing: Readonly<V1ConfigMap>, desired: Readonly<V1ConfigMap>): boolean {
  return todo('4.4 mirrorUpToDate: compare content, not resourceVersions');
}
