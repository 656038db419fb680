import type { KubernetesObject, V1ConfigMap } from '@kubernetes/client-node';

/** A ConfigMap with this label is a source — unless it carries managedByLabel: a mirror never becomes a source. */
export const sourceLabel = 'mirror';
export const sourceLabelValue = 'true';
/** Every mirror is labelled as managed by this controller… */
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'bare-controller-mirror';
/** …and annotated with the `namespace/name` of its source (an annotation: a key may be longer than a label value may)… */
export const sourceAnnotation = 'bare-controller.dev/source';
/** …and labelled with the controller instance that owns it (MirrorConfig.instance): each controller touches only its own. */
export const instanceLabel = 'bare-controller.dev/instance';

/**
 * A source: labelled mirror=true and NOT carrying the managed-by mark. Anything
 * a mirror controller manages — ours or another instance's, even hand-labelled
 * mirror=true — is never a source, so a mirror is never mirrored.
 */
export function isSource(cm: V1ConfigMap): boolean {
  const labels = cm.metadata?.labels;
  return labels?.[sourceLabel] === sourceLabelValue && labels?.[managedByLabel] !== managedByValue;
}

export function isMirror(cm: KubernetesObject): boolean {
  return cm.metadata?.labels?.[managedByLabel] === managedByValue && Boolean(cm.metadata?.annotations?.[sourceAnnotation]);
}

/** A mirror owned by `instance`: the only mirrors that controller instance may update or delete. */
export function ownedBy(cm: KubernetesObject, instance: string): boolean {
  return isMirror(cm) && cm.metadata?.labels?.[instanceLabel] === instance;
}

/** The source key a mirror (of any instance) points at, or undefined for anything that is not a mirror. */
export function sourceKeyOf(cm: KubernetesObject): string | undefined {
  return isMirror(cm) ? cm.metadata!.annotations![sourceAnnotation] : undefined;
}
