import type { KubernetesObject } from '@kubernetes/client-node';
import { namespaceIndex, type Indexer } from './indexer.js';

/** A miss in the cache, shaped like the API server's 404 so callers handle both alike. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly statusCode = 404;
  readonly reason = 'NotFound';

  constructor(resource: string, name: string) {
    super(`${resource} "${name}" not found`);
  }
}

/** Equality on labels (matchLabels); undefined selects everything. */
export type LabelSelector = Record<string, string>;

export function matchesSelector(obj: KubernetesObject, selector?: LabelSelector): boolean {
  if (!selector) return true;
  const labels = obj.metadata?.labels ?? {};
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * client-go's generated listers: read-only views of an informer's cache.
 * They never call the API server — that is their whole point.
 */
export class Lister<T extends KubernetesObject> {
  constructor(
    private readonly indexer: Indexer<T>,
    private readonly resource = 'objects',
  ) {}

  list(selector?: LabelSelector): T[] {
    return this.indexer.list().filter((obj) => matchesSelector(obj, selector));
  }

  /** For cluster-scoped objects (namespaces). */
  get(name: string): T {
    const obj = this.indexer.getByKey(name);
    if (!obj) throw new NotFoundError(this.resource, name);
    return obj;
  }

  namespace(namespace: string): NamespaceLister<T> {
    return new NamespaceLister(this.indexer, this.resource, namespace);
  }
}

export class NamespaceLister<T extends KubernetesObject> {
  constructor(
    private readonly indexer: Indexer<T>,
    private readonly resource: string,
    private readonly namespace: string,
  ) {}

  /** Uses the namespace index: costs the namespace's size, not the cache's. */
  list(selector?: LabelSelector): T[] {
    return this.indexer.byIndex(namespaceIndex, this.namespace).filter((obj) => matchesSelector(obj, selector));
  }

  get(name: string): T {
    const obj = this.indexer.getByKey(`${this.namespace}/${name}`);
    if (!obj) throw new NotFoundError(this.resource, name);
    return obj;
  }
}
