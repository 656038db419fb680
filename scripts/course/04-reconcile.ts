import type { Todo } from './types.js';

export const reconcileTodos: readonly Todo[] = [
  {
    id: '4.1',
    file: 'controller.ts',
    symbol: 'MirrorController.constructor',
    what: 'constructor: validate the config first, then informers, indexes, queue, reconciler, and the Controller that runs it',
    hints: [
      "A controller is wiring: informers feed handlers, handlers feed a queue, workers take keys off the queue and reconcile from the caches. sample-controller's NewController builds exactly these parts, and nothing runs yet.",
      'validateConfig first (a bad prefix throws before any request). Then the informers — options.informers when a factory is shared with other controllers, else a SharedInformerFactory of your own with the resync period and stripManagedFields — its configMaps() and namespaces() informers, the two stage 4 indexes on the ConfigMap informer (addMirrorIndexes, given), a RateLimitingQueue named "mirror", a MirrorReconciler that writes through this.core (given: the client stop() and abort() can cut off) and records Events through this.recorder (given: component bare-controller-mirror), the generic Controller<string> that runs the reconciler (queue, workers, cache sync, this.stopSignal) — and the handlers (TODO 4.2).',
      "this.config = validateConfig(options.config); this.factory = options.informers ?? new SharedInformerFactory(options.kubeConfig, { defaultResyncMs: this.config.resyncPeriodMs, transform: stripManagedFields, log: this.log }); this.configMaps = this.factory.configMaps(); addMirrorIndexes(this.configMaps); this.queue = new RateLimitingQueue<string>(defaultControllerRateLimiter<string>(), { name: 'mirror', metricsProvider: options.metricsProvider }); this.reconciler = new MirrorReconciler(this.core, this.config, this.configMaps, this.namespaces, this.recorder, this.log); … this.controller = new Controller<string>({ name: 'mirror', queue: this.queue, reconciler: this.reconciler, workers: this.config.workers, waitForCacheSync: () => this.factory.waitForCacheSync(options.cacheSyncTimeoutMs ?? 60_000), stopSignal: this.stopSignal, gracefulShutdownTimeoutMs: options.gracefulShutdownTimeoutMs, log: this.log });",
    ],
  },
  {
    id: '4.2',
    file: 'controller.ts',
    symbol: 'MirrorController.enqueueFor',
    what: 'handlers → keys: sources, mirrors → their source, namespaces → every source',
    hints: [
      'Handlers do no work: they only say which SOURCE needs another look, as a `namespace/name` key. Whatever changed — a source, a mirror, an unrelated ConfigMap in the way, a new namespace — maps to source keys.',
      'ConfigMap add/update/delete → enqueueFor(cm) (on update both the old and the new state: a label that just went is only in the old one; on delete a tombstone carries the last state in .obj). A namespace added with the prefix → every source.',
      'enqueueFor(cm) { if (isSource(cm)) this.queue.add(metaNamespaceKey(cm)); const owner = sourceKeyOf(cm); if (owner) this.queue.add(owner); for (const s of indexer.byIndex(sourcesByNameIndex, cm.metadata.name)) this.queue.add(metaNamespaceKey(s)); }',
    ],
  },
  {
    id: '4.3',
    file: 'generic-controller.ts',
    symbol: 'Controller.run, Controller.processNextWorkItem, Controller.stop',
    what: 'the generic `Controller`: `run` (cache sync, then N workers), `processNextWorkItem`, graceful `stop` (in-flight work only, bounded)',
    hints: [
      "Workers must not start before the caches are full: a reconcile on a half-filled cache thinks objects are gone and deletes what belongs to them. Each worker is client-go's processNextWorkItem in a loop. None of this knows about ConfigMaps: the same Controller runs any Reconciler.",
      'run: await options.waitForCacheSync() (return if the queue is shutting down meanwhile; throw naming the caches that did not sync), then options.workers workers (this.worker(i), given). processNextWorkItem: get a key (false on shutdown; once the queue is shutting down, take no key — false — the keys still queued are left for the next start), reconcileHandler(key, worker), true, and done(key) in a finally. stop: queue.shutDown() (not shutDownWithDrain: that works off the whole queue), wait for the workers at most gracefulShutdownTimeoutMs, past that abort this.stopSignal and wait again.',
      'const { item: key, shutdown } = await this.queue.get(); if (shutdown) return false; try { if (this.queue.shuttingDown()) return false; await this.reconcileHandler(key, worker); return true; } finally { this.queue.done(key); }',
    ],
  },
  {
    id: '4.4',
    file: 'desired-mirror.ts',
    symbol: 'desiredMirror, mirrorUpToDate',
    what: '`desiredMirror`, `mirrorUpToDate` (content, not resourceVersions)',
    hints: [
      "Reconcile compares what IS with what SHOULD BE. desiredMirror says what should be; mirrorUpToDate decides whether a write is needed at all — on content, because resourceVersions change on every write and would make every pass look like work.",
      "desiredMirror: a fresh ConfigMap (apiVersion, kind, the source's name, the target namespace), the source's labels without `mirror` plus the managed-by label and the instance label (instanceLabel: instance — each controller touches only its own mirrors), the source annotation, and data/binaryData/immutable only when the source has them (data and binaryData as copies: the source is the cache's object, shared with every reader). mirrorUpToDate: compare data, binaryData, immutable, labels (or a source's label change never reaches its mirrors, and a hand-edited label stays) and the source annotation, a missing map counting as empty.",
      'const { [sourceLabel]: _dropped, ...labels } = source.metadata?.labels ?? {}; metadata: { name, namespace, labels: { ...labels, [managedByLabel]: managedByValue, [instanceLabel]: instance }, annotations: { [sourceAnnotation]: `${ns}/${name}` } } — and sameMap(a, b) compares key counts and every value.',
    ],
  },
  {
    id: '4.5',
    file: 'reconciler.ts',
    symbol: 'MirrorReconciler.reconcile, MirrorReconciler.ensureMirror',
    what: '`reconcile`, `targetNamespaces`, `ensureMirror` (create / update / immutable replace)',
    hints: [
      'Level-triggered: reconcile(key) does not ask what happened, only what is there now. It READS only the caches and WRITES only to the API server, so the same call serves an add, an edit, a delete, a resync and a restart.',
      "reconcile: the source from the cache, its mirrors from the mirrorsBySource index — only those ownedBy(mirror, config.instance): another controller instance's mirrors are not yours to update or delete; ensureMirror in every target namespace (prefixed, not the source's own, not terminating, sorted) — the writes are independent, so the given parallelizeUntil(writesInFlight, targets.length, i => …) keeps a few in flight (a plain for…of loop is correct too, only slower); delete mirrors in namespaces that are no longer targets (a namespace being deleted is none either); a Normal \"Mirrored\" event when anything was written. ensureMirror: read the source from the cache again (in a burst of updates it changes while the fan-out runs: write the latest, not the version the reconcile began with); missing → create desiredMirror(latest, namespace, config.instance); up to date → nothing; immutable → delete then create; else replace with the cached resourceVersion (without it, an update overwrites whatever someone wrote since your cache saw it).",
      "if (!existing) return this.write(() => this.core.createNamespacedConfigMap({ namespace, body: desired }), …); if (mirrorUpToDate(existing, desired)) return false; if (existing.immutable) { await this.deleteMirror(existing, …); return this.write(() => create…); } desired.metadata.resourceVersion = existing.metadata?.resourceVersion; return this.write(() => this.core.replaceNamespacedConfigMap({ namespace, name, body: desired }), …);",
    ],
  },
  {
    id: '4.6',
    file: 'reconciler.ts',
    symbol: 'MirrorReconciler.reconcile',
    what: 'deletions: source gone or unlabelled → every mirror goes',
    hints: [
      'A deleted (or unlabelled) source is not an event to react to but a state to converge to: no source, so no mirrors. The same check also cleans up after deletions that happened while the controller was down.',
      'At the top of reconcile: when the cache has no source under the key, or it is no longer a source (isSource), delete every one of your mirrors the mirrorsBySource index lists for the key with deleteMirror (given: it sends uid and resourceVersion preconditions, so a ConfigMap someone took over meanwhile is not deleted), and stop.',
      "if (!source || !isSource(source)) { for (const mirror of mirrors) await this.deleteMirror(mirror, 'source gone'); return; }",
    ],
  },
  {
    id: '4.7',
    file: 'reconciler.ts',
    symbol: 'MirrorReconciler.winner, MirrorReconciler.ensureMirror',
    what: 'conflicts: foreign ConfigMaps, the same-name `winner`',
    hints: [
      'Two things can stand in a mirror\'s way: a ConfigMap of the same name that the controller does not own (leave it, say so), and another source with the same name (exactly one may win, and always the same one, whatever order events come in).',
      'In ensureMirror, before writing: an existing ConfigMap that is not your mirror (not ownedBy(existing, config.instance): foreign, or another instance\'s mirror) → a Warning "MirrorConflict" event on the source, return false (not an error: a retry changes nothing). winner(name, ns): of the sources with that name outside ns (sourcesByName index), the smallest key; if it is not this source, warn and return false.',
      'winner(name, namespace) { return this.configMaps.byIndex(sourcesByNameIndex, name).filter((s) => s.metadata?.namespace !== namespace).map((s) => metaNamespaceKey(s)).sort()[0]; }',
    ],
  },
  {
    id: '4.8',
    file: 'generic-controller.ts',
    symbol: 'Controller.reconcileHandler',
    what: "`reconcileHandler`: what a reconcile's Result or error means for its key (forget, backoff, `requeueAfter`, `TerminalError`)",
    hints: [
      "The reconcile says how it went; the controller decides when the key comes back. Success: not until the next event (forget resets its backoff). An error: soon, then later and later (rate-limited). `{ requeueAfter: ms }`: exactly then — a plan, not a failure. A TerminalError: never — retrying cannot fix it. This is controller-runtime's reconcileHandler.",
      'Call this.reconcile(key, this.stopSignal.signal) in a try. Thrown: isTerminalError(error) (it also finds a TerminalError wrapped as an error\'s cause; instanceof does not) → log.error, forget(key), no retry; anything else → log.error (info "stopping" if aborted()) and addRateLimited(key). Log the key and errorFields(error) (00-common/api-errors.ts: the API server\'s code, reason and message, one line), at error: a failure logged at debug is invisible at the level a user runs. Returned: forget(key); a requeueAfter > 0 → addAfter(key, ms) — not addRateLimited, whose delay grows with every pass and ignores ms. Never let the error escape: a worker that throws is gone.',
      "let result; try { result = await this.reconcile(key, this.stopSignal.signal); } catch (error) { if (isTerminalError(error)) { this.log.error('…', { key, ...errorFields(error) }); this.queue.forget(key); return; } this.log.error('…', { key, ...errorFields(error) }); this.queue.addRateLimited(key); return; } this.queue.forget(key); if ((result?.requeueAfter ?? 0) > 0) this.queue.addAfter(key, result.requeueAfter);",
    ],
  },
];
