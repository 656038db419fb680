import type { V1ConfigMap } from '@kubernetes/client-node';
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
