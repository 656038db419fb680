import type { KubernetesObject } from '@kubernetes/client-node';

/**
 * client-go's cache.MetaNamespaceKeyFunc: `namespace/name`, or `name` alone for
 * cluster-scoped objects. Every cache and queue in the workbook is keyed by it.
 */
export function metaNamespaceKey(obj: KubernetesObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name');
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

/** The inverse: `ns/name` → { namespace: 'ns', name: 'name' }; `name` → { name }. */
export function splitMetaNamespaceKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash === -1 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
