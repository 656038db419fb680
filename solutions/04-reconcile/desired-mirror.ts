import type { V1ConfigMap } from '@kubernetes/client-node';
import { managedByLabel, managedByValue, sourceAnnotation, sourceLabel } from './labels.js';

/**
 * The mirror of `source` in `namespace`, as it should be: the same data,
 * binaryData and immutability; the source's labels without `mirror=true`,
 * plus ours; an annotation naming the source.
 */
export function desiredMirror(source: V1ConfigMap, namespace: string): V1ConfigMap {
  const { [sourceLabel]: _dropped, ...labels } = source.metadata?.labels ?? {};
  const mirror: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: source.metadata!.name!,
      namespace,
      labels: { ...labels, [managedByLabel]: managedByValue },
      annotations: { [sourceAnnotation]: `${source.metadata!.namespace}/${source.metadata!.name}` },
    },
  };
  if (source.data) mirror.data = source.data;
  if (source.binaryData) mirror.binaryData = source.binaryData;
  if (source.immutable) mirror.immutable = true;
  return mirror;
}

/**
 * Is `existing` already what `desired` says? Content only — data, binaryData,
 * immutability, labels, our annotation — never resourceVersions, which change
 * on every write and would make every pass look like work.
 */
export function mirrorUpToDate(existing: V1ConfigMap, desired: V1ConfigMap): boolean {
  return (
    sameMap(existing.data, desired.data) &&
    sameMap(existing.binaryData, desired.binaryData) &&
    Boolean(existing.immutable) === Boolean(desired.immutable) &&
    sameMap(existing.metadata?.labels, desired.metadata?.labels) &&
    existing.metadata?.annotations?.[sourceAnnotation] === desired.metadata?.annotations?.[sourceAnnotation]
  );
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}
