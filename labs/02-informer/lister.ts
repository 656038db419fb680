import type { KubernetesObject } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import { namespaceIndex, type CacheReader } from './indexer.js';

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
 * TODO 2.4 — client-go's generated listers: read-only views of an informer's cache.
 * They never call the API server — that is their whole point (the checkpoint
 * counts requests: zero). A miss throws `new NotFoundError(this.resource, name)`.
 * What they return is the cache's own objects, shared with every reader:
 * never mutate them (see CacheReader).
 */
export class Lister<T extends KubernetesObject> {
  constructor(
    private readonly indexer: CacheReader<T>,
    private readonly resource = 'objects',
  ) {}

  /** TODO 2.4 — the cached objects whose labels match `selector` (matchesSelector, given). */
  list(selector?: LabelSelector): Readonly<T>[] {
    return todo(`2.4 Lister.list(${JSON.stringify(selector ?? {})}): filter the cached objects`);
  }

  /** TODO 2.4 — for cluster-scoped objects (namespaces): the key is the name. */
  get(name: string): Readonly<T> {
    return todo(`2.4 Lister.get(${name}) for ${this.resource}`);
  }

  namespace(namespace: string): NamespaceLister<T> {
    return new NamespaceLister(this.indexer, this.resource, namespace);
  }
}

export class NamespaceLister<T extends KubernetesObject> {
  constructor(
    private readonly indexer: CacheReader<T>,
    private readonly resource: string,
    private readonly namespace: string,
  ) {}

  /** TODO 2.4 — use the namespace index (`namespaceIndex`), not a scan: it costs the namespace's size, not the cache's. */
  list(selector?: LabelSelector): Readonly<T>[] {
    return todo(`2.4 NamespaceLister.list(${this.namespace}, ${JSON.stringify(selector ?? {})})`);
  }

  /** TODO 2.4 — key `namespace/name`. */
  get(name: string): Readonly<T> {
    return todo(`2.4 NamespaceLister.get(${this.namespace}/${name}) for ${this.resource}`);
  }
}
