import type { KubernetesObject } from '@kubernetes/client-node';
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
  // lab:todo 2.1
  // lab:stub
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  // lab:end

  constructor(
    indexers: Indexers<T> = {},
    private readonly keyFunc: (obj: T) => string = metaNamespaceKey,
  ) {
    // lab:todo 2.3
    // lab:stub
    this.addIndexers(indexers);
    // lab:end
  }

  /** TODO 2.1 — store `obj` under its key, and index it (TODO 2.2). */
  add(obj: T): void {
    // lab:todo 2.1 Indexer.add(${obj.metadata?.name}): store by key and index it
    this.update(obj);
    // lab:end
  }

  /** TODO 2.1 — replace the stored object; TODO 2.2 — and move it between index buckets. */
  update(obj: T): void {
    // lab:todo 2.1 Indexer.update(${obj.metadata?.name}): replace it and re-index
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    // lab:todo 2.2
    // lab:stub
    this.reindex(key, old, obj);
    // lab:end
    // lab:end
  }

  /** TODO 2.1 — remove it, and (TODO 2.2) its index entries. */
  delete(obj: T): void {
    // lab:todo 2.1 Indexer.delete(${obj.metadata?.name}): remove it and its index entries
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    if (!old) return;
    this.items.delete(key);
    // lab:todo 2.2
    // lab:stub
    this.reindex(key, old, undefined);
    // lab:end
    // lab:end
  }

  /** TODO 2.1 — the stored object with the same key as `obj`. */
  get(obj: T): T | undefined {
    // lab:todo 2.1 Indexer.get(${obj.metadata?.name})
    return this.items.get(this.keyFunc(obj));
    // lab:end
  }

  /** TODO 2.1 */
  getByKey(key: string): T | undefined {
    // lab:todo 2.1 Indexer.getByKey(${key})
    return this.items.get(key);
    // lab:end
  }

  /** TODO 2.1 */
  list(): T[] {
    // lab:todo 2.1 Indexer.list
    return [...this.items.values()];
    // lab:end
  }

  /** TODO 2.1 */
  listKeys(): string[] {
    // lab:todo 2.1 Indexer.listKeys
    return [...this.items.keys()];
    // lab:end
  }

  /** TODO 2.3 — swap the whole content, indexes included, as after a relist. */
  replace(objs: T[]): void {
    // lab:todo 2.3 Indexer.replace(${objs.length} objects)
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
    for (const obj of objs) this.add(obj);
    // lab:end
  }

  /** TODO 2.3 — add indexes, and index the objects stored already; a name that exists throws. */
  addIndexers(indexers: Indexers<T>): void {
    // lab:todo 2.3 Indexer.addIndexers(${Object.keys(indexers).join(', ')})
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer "${name}" already exists`);
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) for (const value of fn(obj)) bucket(index, value).add(key);
    }
    // lab:end
  }

  /** TODO 2.2 — objects that share an index value with `obj` under `indexName`. An unknown index throws. */
  index(indexName: string, obj: T): T[] {
    // lab:todo 2.2 Indexer.index(${indexName}, ${obj.metadata?.name})
    const fn = this.indexFunc(indexName);
    const keys = new Set<string>();
    for (const value of fn(obj)) for (const key of this.indices.get(indexName)!.get(value) ?? []) keys.add(key);
    return [...keys].map((key) => this.items.get(key)!);
    // lab:end
  }

  /** TODO 2.2 — the objects whose index function gave `indexedValue`. */
  byIndex(indexName: string, indexedValue: string): T[] {
    // lab:todo 2.2 Indexer.byIndex(${indexName}, ${indexedValue})
    return this.indexKeys(indexName, indexedValue).map((key) => this.items.get(key)!);
    // lab:end
  }

  /** TODO 2.2 — the same, as keys. */
  indexKeys(indexName: string, indexedValue: string): string[] {
    // lab:todo 2.2 Indexer.indexKeys(${indexName}, ${indexedValue})
    this.indexFunc(indexName);
    return [...(this.indices.get(indexName)!.get(indexedValue) ?? [])];
    // lab:end
  }

  /** TODO 2.2 — the values present in an index. */
  listIndexFuncValues(indexName: string): string[] {
    // lab:todo 2.2 Indexer.listIndexFuncValues(${indexName})
    this.indexFunc(indexName);
    return [...this.indices.get(indexName)!.keys()];
    // lab:end
  }

  // lab:todo 2.2
  // lab:stub
  private indexFunc(indexName: string): IndexFunc<T> {
    const fn = this.indexers.get(indexName);
    if (!fn) throw new Error(`index "${indexName}" does not exist (known: ${[...this.indexers.keys()].join(', ') || 'none'})`);
    return fn;
  }

  /** Moves `key` from the buckets of its old values to those of its new ones; drops emptied buckets. */
  private reindex(key: string, old: T | undefined, current: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      const before = old ? fn(old) : [];
      const after = current ? fn(current) : [];
      for (const value of before) {
        if (after.includes(value)) continue;
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
      for (const value of after) bucket(index, value).add(key);
    }
  }
  // lab:end
}

// lab:todo 2.2
// lab:stub
function bucket(index: Map<string, Set<string>>, value: string): Set<string> {
  let keys = index.get(value);
  if (!keys) index.set(value, (keys = new Set()));
  return keys;
}
// lab:end

