import type { V1ConfigMap } from '@kubernetes/client-node';
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
  // lab:todo 4.4 desiredMirror(${source.metadata?.name}, ${namespace}, ${instance}): the mirror as it should be
  const { [sourceLabel]: _dropped, ...labels } = source.metadata?.labels ?? {};
  const mirror: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: source.metadata!.name!,
      namespace,
      labels: { ...labels, [managedByLabel]: managedByValue, [instanceLabel]: instance },
      annotations: { [sourceAnnotation]: `${source.metadata!.namespace}/${source.metadata!.name}` },
    },
  };
  if (source.data) mirror.data = { ...source.data };
  if (source.binaryData) mirror.binaryData = { ...source.binaryData };
  if (source.immutable) mirror.immutable = true;
  return mirror;
  // lab:end
}

/**
 * TODO 4.4 — is `existing` already what `desired` says? Compare CONTENT:
 * data, binaryData, immutable, labels (a source's label change must reach its
 * mirrors, and a hand-edited label is put back), and our source annotation. Never
 * resourceVersions: they change on every write, so every pass would look like
 * work and resyncs would rewrite every mirror. (Treat a missing map as empty.)
 */
export function mirrorUpToDate(existing: Readonly<V1ConfigMap>, desired: Readonly<V1ConfigMap>): boolean {
  // lab:todo 4.4 mirrorUpToDate: compare content, not resourceVersions
  return (
    sameMap(existing.data, desired.data) &&
    sameMap(existing.binaryData, desired.binaryData) &&
    Boolean(existing.immutable) === Boolean(desired.immutable) &&
    sameMap(existing.metadata?.labels, desired.metadata?.labels) &&
    existing.metadata?.annotations?.[sourceAnnotation] === desired.metadata?.annotations?.[sourceAnnotation]
  );
  // lab:end
}

// lab:todo 4.4
// lab:stub
function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}
// lab:end
