import type { V1ConfigMap } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Indexer, type CacheReader } from '../02-informer/index.js';
import { mirrorsBySource, mirrorsBySourceIndex } from './indexes.js';
import { managedByLabel, managedByValue, sourceAnnotation } from './labels.js';
import { MutationCache } from './mutation-cache.js';

// Given code, so no checkpoint can fail on it: these tests keep the reference honest.
const mirror = (namespace: string, rv: number, uid = `uid-${namespace}`): V1ConfigMap => ({
  metadata: { name: 'app', namespace, uid, resourceVersion: String(rv), labels: { [managedByLabel]: managedByValue }, annotations: { [sourceAnnotation]: 'src/app' } },
});

function world() {
  const indexer = new Indexer<V1ConfigMap>({ [mirrorsBySourceIndex]: mirrorsBySource });
  let syncedTo = '10';
  const cache = new MutationCache(indexer, () => syncedTo);
  return { indexer, cache, syncTo: (rv: number) => void (syncedTo = String(rv)) };
}

describe('MutationCache', () => {
  it('shows our create until the informer has caught up with it, then the cache again', () => {
    const { indexer, cache, syncTo } = world();
    cache.wrote(mirror('team-a', 11));
    expect(cache.getByKey('team-a/app')?.metadata?.resourceVersion, 'before the informer saw it').toBe('11');
    syncTo(11);
    indexer.add(mirror('team-a', 11));
    indexer.delete(mirror('team-a', 11)); // someone deleted it right after
    syncTo(12);
    expect(cache.getByKey('team-a/app'), 'the cache is authoritative once caught up').toBeUndefined();
  });

  it('prefers our newer update over an older cached object', () => {
    const { indexer, cache, syncTo } = world();
    indexer.add(mirror('team-a', 5));
    cache.wrote(mirror('team-a', 12));
    expect(cache.getByKey('team-a/app')?.metadata?.resourceVersion).toBe('12');
    syncTo(12);
    expect(cache.getByKey('team-a/app')?.metadata?.resourceVersion, 'caught up: the cache answers').toBe('5');
  });

  it('hides what we deleted until the cache drops it, in getByKey and byIndex alike', () => {
    const { indexer, cache } = world();
    indexer.add(mirror('team-a', 5));
    indexer.add(mirror('team-b', 6));
    cache.removed(mirror('team-a', 5));
    expect(cache.getByKey('team-a/app')).toBeUndefined();
    expect(cache.byIndex(mirrorsBySourceIndex, 'src/app').map((m) => m.metadata?.namespace)).toEqual(['team-b']);
    indexer.delete(mirror('team-a', 5));
    indexer.add(mirror('team-a', 9, 'another-uid')); // a new object of the same name is not hidden
    expect(cache.getByKey('team-a/app')?.metadata?.uid).toBe('another-uid');
  });

  it('a delete then a create of the same key (an immutable mirror replaced) shows the new object', () => {
    const { indexer, cache } = world();
    indexer.add(mirror('team-a', 5));
    cache.removed(mirror('team-a', 5));
    cache.wrote(mirror('team-a', 13, 'new-uid'));
    expect(cache.getByKey('team-a/app')?.metadata?.uid).toBe('new-uid');
  });

  it('reads through any CacheReader: a plain object stands in for the informer cache, no cast', () => {
    const cached = mirror('team-a', 5);
    const reader: CacheReader<V1ConfigMap> = {
      getByKey: (key) => (key === 'team-a/app' ? cached : undefined),
      list: () => [cached],
      byIndex: () => [cached],
    };
    const cache = new MutationCache(reader, () => '5');
    cache.wrote(mirror('team-a', 7));
    expect(cache.getByKey('team-a/app')?.metadata?.resourceVersion, 'our write, not yet seen by the cache').toBe('7');
  });

  it('trusts the cache when resourceVersions are not integers', () => {
    const { indexer, cache } = world();
    indexer.add(mirror('team-a', 5));
    cache.wrote({ ...mirror('team-a', 0), metadata: { ...mirror('team-a', 0).metadata, resourceVersion: 'opaque' } });
    expect(cache.getByKey('team-a/app')?.metadata?.resourceVersion).toBe('5');
  });
});
