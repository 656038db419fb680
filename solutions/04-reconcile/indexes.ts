import type { V1ConfigMap } from '@kubernetes/client-node';
import type { SharedIndexInformerInterface } from '../02-informer/index.js';
import { isSource, sourceKeyOf } from './labels.js';

/** Mirrors by the `namespace/name` of their source: "which mirrors does this source have?" without a scan. */
export const mirrorsBySourceIndex = 'mirrorsBySource';
export function mirrorsBySource(cm: V1ConfigMap): string[] {
  const key = sourceKeyOf(cm);
  return key ? [key] : [];
}

/** Sources by name: "which sources compete for the name of this ConfigMap?" */
export const sourcesByNameIndex = 'sourcesByName';
export function sourcesByName(cm: V1ConfigMap): string[] {
  return isSource(cm) && cm.metadata?.name ? [cm.metadata.name] : [];
}

/** ConfigMap informers that carry both indexes already. */
const indexed = new WeakSet<object>();

/**
 * Given: puts both indexes on the ConfigMap informer, once. Controllers that
 * share one cache (one factory passed to each) would otherwise add them
 * twice, and a second index of the same name throws, as client-go's does.
 */
export function addMirrorIndexes(configMaps: Pick<SharedIndexInformerInterface<V1ConfigMap>, 'addIndexers'>): void {
  if (indexed.has(configMaps)) return;
  configMaps.addIndexers({ [mirrorsBySourceIndex]: mirrorsBySource, [sourcesByNameIndex]: sourcesByName });
  indexed.add(configMaps);
}
