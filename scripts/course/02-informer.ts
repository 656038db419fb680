import type { Todo } from './types.js';

export const informerTodos: readonly Todo[] = [
  {
    id: '2.1',
    file: 'indexer.ts',
    symbol: 'Indexer.add, Indexer.getByKey',
    what: 'store by key: add, update, delete, get, list',
    hints: [
      "An informer's cache is a map from key (`namespace/name`, or just `name` for cluster-scoped objects) to the last state of the object. keyFunc computes the key; use it everywhere so get(obj) and getByKey(key) agree.",
      'One Map<string, T> holds the objects. add is update; update stores under keyFunc(obj); delete removes by key; get(obj) is getByKey(keyFunc(obj)); list and listKeys read the map.',
      'update(obj) { const key = this.keyFunc(obj); const old = this.items.get(key); this.items.set(key, obj); this.reindex(key, old, obj); } — delete does the same with items.delete(key) and reindex(key, old, undefined).',
    ],
  },
  {
    id: '2.2',
    file: 'indexer.ts',
    symbol: 'Indexer.byIndex, Indexer.indexKeys',
    what: 'indexes kept current on every write; `byIndex`, `indexKeys`, `index`, `listIndexFuncValues`',
    hints: [
      'An index answers "which objects have value v?" without scanning: for each index name keep value → set of keys, and update it on every write. A lookup then costs the size of its answer.',
      "On a write, compute the index values of the old object and of the new one; take the key out of the buckets it left, put it into the buckets it joined, and drop a bucket that became empty. Lookups only read those buckets (an unknown index name throws).",
      'byIndex(name, value) { return [...(this.indices.get(name)!.get(value) ?? [])].map((key) => this.items.get(key)!); } — and in reindex: for each value in before but not in after, keys.delete(key) and index.delete(value) when empty; for each value in after, bucket(index, value).add(key).',
    ],
  },
  {
    id: '2.3',
    file: 'indexer.ts',
    symbol: 'Indexer.addIndexers, Indexer.replace',
    what: '`addIndexers` (index what is already stored), `replace`',
    hints: [
      'Indexes can be added after objects are stored (stage 4 adds its own to the informer); they must then cover those objects at once. replace() is what a relist does: the whole content swapped, indexes included.',
      'addIndexers: for each new name (an existing one throws), store the function, create its empty index, and index every stored object. replace: clear the items and every index, then add each object.',
      "for (const [name, fn] of Object.entries(indexers)) { if (this.indexers.has(name)) throw new Error(`indexer \"${name}\" already exists`); this.indexers.set(name, fn); const index = new Map(); this.indices.set(name, index); for (const [key, obj] of this.items) for (const v of fn(obj)) bucket(index, v).add(key); }",
    ],
  },
  {
    id: '2.4',
    file: 'lister.ts',
    symbol: 'Lister.get, NamespaceLister.list',
    what: '`Lister` / `NamespaceLister`: get, list with a selector, NotFound',
    hints: [
      "A lister is a read-only view of the cache, shaped like the API (get, list, a namespace's objects). It never calls the API server: that is what makes reading in a controller cheap.",
      'get reads the indexer by key (`name` for cluster-scoped objects, `namespace/name` otherwise) and throws NotFoundError on a miss; list filters the cached objects with matchesSelector; the namespace lister lists through the namespace index instead of scanning.',
      'NamespaceLister.list(selector) { return this.indexer.byIndex(namespaceIndex, this.namespace).filter((o) => matchesSelector(o, selector)); } and get(name) { const obj = this.indexer.getByKey(`${this.namespace}/${name}`); if (!obj) throw new NotFoundError(this.resource, name); return obj; }',
    ],
  },
  {
    id: '2.5',
    file: 'shared-informer.ts',
    symbol: 'SharedIndexInformer.run, SharedIndexInformer.hasSynced',
    what: '`run`: your Reflector feeds the indexer, then the handlers; `hasSynced`; `options.transform` first',
    hints: [
      'A shared informer is one Reflector whose events first update an indexed cache and are then fanned out to every handler. Cache first: a handler that reads the cache must see the change it is told about.',
      "run() creates the Reflector with onEvent: (e) => this.handle(e) and runs it (once: keep the promise). handle(): transform the object if options.transform is set (not a tombstone), then DELETED → indexer.delete and a 'delete' notification; ADDED/MODIFIED → 'update' with the cached old object if there was one, else 'add'. hasSynced and lastSyncResourceVersion ask the reflector.",
      "const obj = transform ? transform(event.object) : event.object; const old = this.indexer.get(obj); this.indexer.update(obj); if (old) distribute({ type: 'update', oldObj: old, newObj: obj }); else distribute({ type: 'add', obj, isInInitialList: initial }, initial); — where distribute calls listener.add(notification, initial) on every listener.",
    ],
  },
  {
    id: '2.6',
    file: 'shared-informer.ts',
    symbol: 'SharedIndexInformer.addEventHandler',
    what: '`addEventHandler`, including handlers that join late',
    hints: [
      'Each handler gets its own ProcessorListener (given): its own queue, delivered in order, exceptions contained — one slow or broken handler cannot hold up the others.',
      "Wrap the handler in a ProcessorListener and add it to this.listeners. If the informer already runs, hand the new listener the whole cache first, as adds with isInInitialList: true, counted as initial even when the informer has synced: until the handler has processed that replay, its registration has not synced. Return remove() (listener.remove() and forget it) and hasSynced() (the informer's, and the listener has caught up).",
      "if (this.running) for (const obj of this.indexer.list()) listener.add({ type: 'add', obj, isInInitialList: true }, true); return { remove: () => { listener.remove(); this.listeners.delete(listener); }, hasSynced: () => this.hasSynced() && listener.caughtUp() };",
    ],
  },
  {
    id: '2.7',
    file: 'shared-informer.ts',
    symbol: 'SharedIndexInformer.stop',
    what: '`stop`',
    hints: [
      'Stopping an informer must leave no watch connection and no timer behind.',
      'Remember that you stopped (so scheduleResync never arms again, even for a handler added later), cancel the resync timer, then stop the reflector and wait for it.',
      'async stop() { this.stopped = true; this.resyncTimer?.cancel(); this.resyncTimer = undefined; await this.reflector?.stop(); } — and scheduleResync() returns early when this.stopped.',
    ],
  },
  {
    id: '2.8',
    file: 'shared-informer.ts',
    symbol: 'SharedIndexInformer.run',
    what: 'resync, per handler',
    hints: [
      "Resync re-delivers every cached object to a handler as onUpdate(o, o) every period: a reminder that lets a level-triggered controller re-check everything. It reads the cache; it never LISTs.",
      'Give each listener its period (under 1 s raised to 1 s, 0 = never) and its next due time. Keep ONE timer for the earliest due listener, on this.clock (the checkpoints move a fake clock: Date.now and setTimeout would never see it move); when it fires, send each due listener an update per cached object, set its next time, and arm the timer again.',
      "this.resyncTimer = this.clock.setTimer(Math.min(...due) - this.clock.now(), () => this.resync()); — and in resync(): const now = this.clock.now(); for each due listener, for (const obj of this.indexer.list()) listener.add({ type: 'update', oldObj: obj, newObj: obj }); listener.nextResyncAt = now + listener.resyncPeriodMs; then scheduleResync() again.",
    ],
  },
  {
    id: '2.9',
    file: 'factory.ts',
    symbol: 'SharedInformerFactory.informerFor, SharedInformerFactory.waitForCacheSync',
    what: 'one informer per resource; `start`, `waitForCacheSync`, `shutdown`',
    hints: [
      'Many parts of a program want the ConfigMap informer; a factory makes sure they share ONE — one LIST, one WATCH, one cache — instead of each opening its own.',
      'Keep the informers in a Map by key. informerFor(key, create) creates on first request — handing create() the options every informer of this factory gets — and returns the same one after. start() runs those not running yet (without awaiting: run() resolves only on stop). waitForCacheSync polls hasSynced() of the started ones, waiting on this.clock between polls, until all are true or the time is up.',
      "informerFor(key, create) { let informer = this.informers.get(key); if (!informer) { informer = create(this.informerOptions(key)); this.informers.set(key, informer); } return informer; } — with informerOptions(name) returning { defaultResyncMs, watchTimeoutSeconds, name, log, transform } from this.options and clock: this.clock. The given configMaps() and namespaces() call it through forResource.",
    ],
  },
];
