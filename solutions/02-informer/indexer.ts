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
 * client-go's cache.Indexer (threadSafeMap): objects by key, plus named
 * indexes `index name → index value → set of keys`, kept up to date on every
 * add, update and delete so a lookup costs the size of its answer, never a scan.
 */
export class Indexer<T extends KubernetesObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    indexers: Indexers<T> = {},
    private readonly keyFunc: (obj: T) => string = metaNamespaceKey,
  ) {
    this.addIndexers(indexers);
  }

  add(obj: T): void {
    this.update(obj);
  }

  update(obj: T): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.reindex(key, old, obj);
  }

  delete(obj: T): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    if (!old) return;
    this.items.delete(key);
    this.reindex(key, old, undefined);
  }

  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Swaps the whole content, as after a relist. */
  replace(objs: T[]): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
    for (const obj of objs) this.add(obj);
  }

  /** Adds indexes; objects already stored are indexed at once. */
  addIndexers(indexers: Indexers<T>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer "${name}" already exists`);
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) for (const value of fn(obj)) bucket(index, value).add(key);
    }
  }

  /** Objects that share an index value with `obj` under `indexName`. */
  index(indexName: string, obj: T): T[] {
    const fn = this.indexFunc(indexName);
    const keys = new Set<string>();
    for (const value of fn(obj)) for (const key of this.indices.get(indexName)!.get(value) ?? []) keys.add(key);
    return [...keys].map((key) => this.items.get(key)!);
  }

  byIndex(indexName: string, indexedValue: string): T[] {
    return this.indexKeys(indexName, indexedValue).map((key) => this.items.get(key)!);
  }

  indexKeys(indexName: string, indexedValue: string): string[] {
    this.indexFunc(indexName);
    return [...(this.indices.get(indexName)!.get(indexedValue) ?? [])];
  }

  listIndexFuncValues(indexName: string): string[] {
    this.indexFunc(indexName);
    return [...this.indices.get(indexName)!.keys()];
  }

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
}

function bucket(index: Map<string, Set<string>>, value: string): Set<string> {
  let keys = index.get(value);
  if (!keys) index.set(value, (keys = new Set()));
  return keys;
}
