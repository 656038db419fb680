import type { KubernetesObject } from '@kubernetes/client-node';

/**
 * client-go's cache.TransformFunc (SharedIndexInformer.SetTransform): applied
 * to every object an informer receives, before it is cached or handed to a
 * handler. Its use: drop what the program never reads, so the cache holds less.
 */
export type TransformFunc<T> = (obj: T) => T;

/**
 * controller-runtime's TransformStripManagedFields: server-side apply's field
 * ownership records are often the largest part of an object's metadata, and a
 * controller that does not read them need not keep them.
 */
export function stripManagedFields<T extends KubernetesObject>(obj: T): T {
  // Assign rather than `delete`: deleting a property turns a V8 object into a slower dictionary.
  if (obj.metadata?.managedFields) obj.metadata.managedFields = undefined;
  return obj;
}
