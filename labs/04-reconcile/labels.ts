import type { KubernetesObject, V1ConfigMap } from '@kubernetes/client-node';

/** A ConfigMap with this label is a source. Mirrors never carry it: a mirror must not become a source. */
export const sourceLabel = 'mirror';
export const sourceLabelValue = 'true';
/** Every mirror is labelled as managed by this controller… */
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'bare-controller-mirror';
/** …and annotated with the `namespace/name` of its source (an annotation: a key may be longer than a label value may). */
export const sourceAnnotation = 'bare-controller.dev/source';

export function isSource(cm: V1ConfigMap): boolean {
  return cm.metadata?.labels?.[sourceLabel] === sourceLabelValue;
}

export function isMirror(cm: KubernetesObject): boolean {
  return cm.metadata?.labels?.[managedByLabel] === managedByValue && Boolean(cm.metadata?.annotations?.[sourceAnnotation]);
}

/** The source key a mirror points at, or undefined for anything that is not our mirror. */
export function sourceKeyOf(cm: KubernetesObject): string | undefined {
  return isMirror(cm) ? cm.metadata!.annotations![sourceAnnotation] : undefined;
}
