import type { V1ConfigMap } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { Indexer, labelIndexFunc, metaNamespaceIndexFunc, namespaceIndex } from '@stage/02-informer/index.js';
import { checkpoint } from '../harness/checkpoint.js';
import { todo } from '../harness/look.js';

const cm = (namespace: string, name: string, labels: Record<string, string> = {}): V1ConfigMap => ({ metadata: { namespace, name, labels, resourceVersion: '1' } });
const names = (objs: V1ConfigMap[]) => objs.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`).sort();

describe('2 · Indexer: a cache with named indexes', () => {
  checkpoint('stores objects by namespace/name: add, get, update, delete, list', { expect: 'getByKey("ns/a") finds a; update replaces it; delete removes it; list/listKeys show what is there', look: todo('2.1') }, () => {
    const indexer = new Indexer<V1ConfigMap>();
    indexer.add(cm('ns', 'a'));
    indexer.add(cm('ns', 'b'));
    expect(indexer.getByKey('ns/a')?.metadata?.name).toBe('a');
    expect(indexer.get(cm('ns', 'b'))?.metadata?.name).toBe('b');
    indexer.update({ ...cm('ns', 'a'), data: { v: '2' } });
    expect(indexer.getByKey('ns/a')?.data).toEqual({ v: '2' });
    indexer.delete(cm('ns', 'a'));
    expect(indexer.getByKey('ns/a')).toBeUndefined();
    expect(indexer.listKeys()).toEqual(['ns/b']);
    expect(names(indexer.list())).toEqual(['ns/b']);
  });

  checkpoint('answers byIndex / indexKeys / listIndexFuncValues and keeps them right on update and delete', { expect: 'a label index moves an object between buckets when its label changes, drops it on delete, and empty buckets disappear', look: todo('2.2') }, () => {
    const indexer = new Indexer<V1ConfigMap>({ [namespaceIndex]: metaNamespaceIndexFunc, team: labelIndexFunc('team') });
    indexer.add(cm('a', 'x', { team: 'red' }));
    indexer.add(cm('a', 'y', { team: 'blue' }));
    indexer.add(cm('b', 'z', { team: 'red' }));
    indexer.add(cm('b', 'nolabel'));
    expect(names(indexer.byIndex('team', 'red'))).toEqual(['a/x', 'b/z']);
    expect(indexer.indexKeys(namespaceIndex, 'b').sort()).toEqual(['b/nolabel', 'b/z']);
    expect(indexer.listIndexFuncValues('team').sort()).toEqual(['blue', 'red']);
    indexer.update(cm('a', 'y', { team: 'red' }));
    expect(names(indexer.byIndex('team', 'red')), 'y moved from blue to red').toEqual(['a/x', 'a/y', 'b/z']);
    expect(indexer.byIndex('team', 'blue'), 'blue is empty').toEqual([]);
    expect(indexer.listIndexFuncValues('team'), 'an emptied bucket is gone').toEqual(['red']);
    indexer.delete(cm('a', 'x'));
    expect(names(indexer.byIndex('team', 'red'))).toEqual(['a/y', 'b/z']);
    expect(names(indexer.index('team', cm('q', 'any', { team: 'red' }))), 'index(name, obj): objects sharing its value').toEqual(['a/y', 'b/z']);
  });

  checkpoint('addIndexers after objects are stored indexes them at once; a duplicate or unknown index is a clear error', { expect: 'objects added before addIndexers are found by the new index; adding an index name twice throws; byIndex on an unknown index throws', look: todo('2.3') }, () => {
    const indexer = new Indexer<V1ConfigMap>();
    indexer.add(cm('a', 'x', { team: 'red' }));
    indexer.addIndexers({ team: labelIndexFunc('team') });
    expect(names(indexer.byIndex('team', 'red'))).toEqual(['a/x']);
    expect(() => indexer.addIndexers({ team: labelIndexFunc('team') })).toThrow(/team/);
    expect(() => indexer.byIndex('nope', 'x')).toThrow(/nope/);
  });

  checkpoint('replace() swaps the whole content, indexes included', { expect: 'after replace([c]), only c is stored and indexed', look: todo('2.3') }, () => {
    const indexer = new Indexer<V1ConfigMap>({ team: labelIndexFunc('team') });
    indexer.add(cm('a', 'x', { team: 'red' }));
    indexer.replace([cm('b', 'c', { team: 'blue' })]);
    expect(indexer.listKeys()).toEqual(['b/c']);
    expect(indexer.byIndex('team', 'red')).toEqual([]);
    expect(names(indexer.byIndex('team', 'blue'))).toEqual(['b/c']);
  });

  checkpoint('lookups cost the size of the answer, not a scan of the cache', { expect: 'with 50,000 objects, 2,000 byIndex lookups of a 1-object bucket touch only that bucket (measured by counting index-function calls: none)', look: todo('2.2') }, () => {
    let calls = 0;
    const counting = (obj: V1ConfigMap) => (calls++, [obj.metadata!.name!]);
    const indexer = new Indexer<V1ConfigMap>({ byName: counting });
    for (let i = 0; i < 50_000; i++) indexer.add(cm('ns', `o${i}`));
    calls = 0;
    for (let i = 0; i < 2_000; i++) expect(indexer.byIndex('byName', `o${i}`)).toHaveLength(1);
    expect(calls, 'index function calls during lookups (a scan would call it for every object)').toBe(0);
  });
});
