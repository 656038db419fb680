import type { KubernetesObject } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import { metaNamespaceKey } from '../01-list-watch/index.js';

/** Computes the index values of an object: `['team-a']` for the namespace index, `[]` to stay out of the index. */
export type IndexFunc<T> = (obj: T) => string[];
export type Indexers<T> = Record<string, IndexFunc<T>>;

/** The index every informer has: objects by namespace (client-go's cache.NamespaceIndex). */
export const namespaceIndex = 'namespace';

/** client-go's cache.MetaNamespaceIndexFunc. Cluster-scoped objects index under "". */
export function metaNamespaceIndexFunc(obj: KubernetesObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/** Indexes objects by the value of one label; objects without it are not in the index. */
export function labelIndexFunc(labelKey: string): IndexFunc<KubernetesObject> {
  return (obj) => {
    const value = obj.metadata?.labels?.[labelKey];
    return value === undefined ? [] : [value];
  };
}

/**
 * The read side of an informer's cache: client-go's cache.Indexer as a
 * reconciler or a lister uses it (GetByKey, List, ByIndex), controller-runtime's
 * cache reader. Give code that only reads this, not the Indexer.
 *
 * WARNING, as client-go says on its caches: the objects it returns are SHARED
 * — with every other reader and with the informer itself. Never mutate them:
 * a change would show in every other controller's view, the next update would
 * compare against it, and nothing would ever send it to the API server. Copy
 * first (`structuredClone(obj)`, Go's `obj.DeepCopy()`), or build a new object
 * that takes the fields you need. `Readonly<T>` makes the compiler refuse
 * assignments to an object's own fields; nested maps and arrays are yours to
 * leave alone.
 */
export interface CacheReader<T extends KubernetesObject> {
  /** The object stored under `key` (`namespace/name`, or `name` for cluster-scoped objects). */
  getByKey(key: string): Readonly<T> | undefined;
  /** Every cached object. */
  list(): readonly Readonly<T>[];
  /** The objects whose index function under `indexName` gave `indexedValue`; an unknown index throws. */
  byIndex(indexName: string, indexedValue: string): readonly Readonly<T>[];
}

/**
 * client-go's cache.Indexer (threadSafeMap): objects by key, plus named
 * indexes `index name → index value → set of keys`, kept up to date on every
 * add, update and delete so a lookup costs the size of its answer, never a scan.
 *
 * State:
 *   items     Map<key, T>                                  key = this.keyFunc(obj)
 *   indexers  Map<indexName, IndexFunc<T>>
 *   indices   Map<indexName, Map<indexValue, Set<key>>>    kept up to date on every write
 *
 * The rule that makes it fast: lookups read `indices` and never scan `items`
 * (a checkpoint counts index-function calls during lookups: it must be zero).
 * On every write, move the key from the buckets of the old object's values to
 * those of the new object's values, and drop buckets that become empty.
 *
 * What it returns is shared with every reader: see CacheReader's warning.
 */
export class Indexer<T extends KubernetesObject> implements CacheReader<T> {
  constructor(
    indexers: Indexers<T> = {},
    private readonly keyFunc: (obj: T) => string = metaNamespaceKey,
  ) {}

  /** TODO 2.1 — store `obj` under its key, and index it (TODO 2.2). */
  add(obj: T): void {
    return todo(`2.1 Indexer.add(${obj.metadata?.name}): store by key and index it`);
  }

  /** TODO 2.1 — replace the stored object; TODO 2.2 — and move it between index buckets. */
  update(obj: T): void {
    return todo(`2.1 Indexer.update(${obj.metadata?.name}): replace it and re-index`);
  }

  /** TODO 2.1 — remove it, and (TODO 2.2) its index entries. */
  delete(obj: T): void {
    return todo(`2.1 Indexer.delete(${obj.metadata?.name}): remove it and its index entries`);
  }

  /** TODO 2.1 — the stored object with the same key as `obj`. */
  get(obj: T): T | undefined {
    return todo(`2.1 Indexer.get(${obj.metadata?.name})`);
  }

  /** TODO 2.1 */
  getByKey(key: string): T | undefined {
    return todo(`2.1 Indexer.getByKey(${key})`);
  }

  /** TODO 2.1 */
  list(): T[] {
    return todo('2.1 Indexer.list');
  }

  /** TODO 2.1 */
  listKeys(): string[] {
    return todo('2.1 Indexer.listKeys');
  }

  /** TODO 2.3 — swap the whole content, indexes included, as after a relist. */
  replace(objs: T[]): void {
    return todo(`2.3 Indexer.replace(${objs.length} objects)`);
  }

  /** TODO 2.3 — add indexes, and index the objects stored already; a name that exists throws. */
  addIndexers(indexers: Indexers<T>): void {
    return todo(`2.3 Indexer.addIndexers(${Object.keys(indexers).join(', ')})`);
  }

  /** TODO 2.2 — objects that share an index value with `obj` under `indexName`. An unknown index throws. */
  index(indexName: string, obj: T): T[] {
    return todo(`2.2 Indexer.index(${indexName}, ${obj.metadata?.name})`);
  }

  /** TODO 2.2 — the objects whose index function gave `indexedValue`. */
  byIndex(indexName: string, indexedValue: string): T[] {
    return todo(`2.2 Indexer.byIndex(${indexName}, ${indexedValue})`);
  }

  /** TODO 2.2 — the same, as keys. */
  indexKeys(indexName: string, indexedValue: string): string[] {
    return todo(`2.2 Indexer.indexKeys(${indexName}, ${indexedValue})`);
  }

  /** TODO 2.2 — the values present in an index. */
  listIndexFuncValues(indexName: string): string[] {
    return todo(`2.2 Indexer.listIndexFuncValues(${indexName})`);
  }
}
