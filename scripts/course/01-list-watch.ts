import type { Todo } from './types.js';

export const listWatchTodos: readonly Todo[] = [
  {
    id: '1.1',
    file: 'list-watch.ts',
    symbol: 'ListWatch.list',
    what: "`list()`: LIST ConfigMaps, return items and the list's resourceVersion",
    hints: [
      "A LIST answers with the objects AND the collection's own resourceVersion: the point in history the whole list is true at. A watch started there misses nothing and repeats nothing.",
      "GET the collection with the given listPath(this.kubeConfig, this.path) — plain JSON, the same shape the watch delivers (client-node's typed list would copy every object and turn timestamps into Dates) — read `metadata.resourceVersion` of the list itself (not of an item), and give each item back its kind and apiVersion, which lists leave out.",
      "const list = await listPath<V1ConfigMap>(this.kubeConfig, this.path); then set this.apiVersion / this.kind ('v1' / 'ConfigMap') on every item and return { items: list.items, resourceVersion: list.metadata.resourceVersion }.",
    ],
  },
  {
    id: '1.2',
    file: 'watch-path.ts',
    symbol: 'watchPath',
    what: '`watchPath()`: open a WATCH from a resourceVersion, pass events on, report the close',
    hints: [
      'A WATCH is one long HTTP GET with ?watch=true: the server streams one JSON event a line until its timeoutSeconds runs out (a normal end) or something breaks (an error, with a status code).',
      "client-node's `new Watch(kubeConfig).watch(path, query, onLine, onDone)` does the HTTP; you map its callbacks onto onEvent/onClose, make sure onClose fires exactly once, and keep a `closed` flag so nothing is delivered after stop().",
      "const abort = await new Watch(kubeConfig).watch(path, { resourceVersion, allowWatchBookmarks: options.allowWatchBookmarks ?? true, timeoutSeconds }, (type, object) => { if (!closed) onEvent({ type, object }) }, (error) => closeOnce(error || undefined)); return { stop() { closed = true; abort.abort(); } }.",
    ],
  },
  {
    id: '1.3',
    file: 'reflector.ts',
    symbol: 'Reflector.run, Reflector.hasSynced',
    what: '`run()`: first LIST → initial ADDED events → `hasSynced()`',
    hints: [
      "client-go's Reflector is a loop: LIST once, then WATCH from the list's resourceVersion until stopped. Everything it delivers goes through one onEvent, in the order the server made the changes.",
      'Keep state on the instance (known objects by key, resourceVersion, synced, stopped, the running promise). run() starts one private async loop and returns its promise, the same one on a second call; the loop lists first, delivers each item as an initial ADDED, then sets synced.',
      "run() { this.running ??= this.loop(); return this.running; } — and in loop(): const { items, resourceVersion } = await listerWatcher.list(); for each item: remember it by metaNamespaceKey, emit({ type: 'ADDED', object, isInInitialList: true }); this.resourceVersion = resourceVersion; this.synced = true (after the loop, not before: a handler asking during delivery must hear false); then watch.",
    ],
  },
  {
    id: '1.4',
    file: 'reflector.ts',
    symbol: 'Reflector.lastSyncResourceVersion',
    what: 'handle watch events and BOOKMARKs, track `lastSyncResourceVersion()`',
    hints: [
      'Every event carries the resourceVersion at which it happened; a BOOKMARK carries nothing else. The newest one you saw is where a new watch must start.',
      "In the watch's onEvent: BOOKMARK → only record object.metadata.resourceVersion; ADDED/MODIFIED/DELETED → update what you know about the object, deliver it (ADDED with isInInitialList: false), then record its resourceVersion.",
      "if (event.type === 'BOOKMARK') { this.resourceVersion = rv; return; } known.set(key, obj) or known.delete(key); this.emit(…); this.resourceVersion = rv — and lastSyncResourceVersion() { return this.resourceVersion; }.",
    ],
  },
  {
    id: '1.5',
    file: 'reflector.ts',
    symbol: 'Reflector.run',
    what: 're-watch after a normal close, from the last resourceVersion',
    hints: [
      'The server ends every watch after timeoutSeconds: that is normal, not an error. A new LIST would deliver everything again; a new WATCH from the last resourceVersion delivers only what changed since.',
      "Make one watch a promise that resolves with why it ended ('closed', 'gone', 'failed', 'stopped'); the loop switches on that. For 'closed' it simply goes round again — no LIST, no wait. client-node's TimeoutError (30 s of silence) counts as 'closed' too.",
      "onClose = (error) => { if (!error || error.name === 'TimeoutError') finish({ kind: 'closed' }); … } and in the loop: case 'closed': this.backoff.reset(); break; — the while loop then opens the next watch with this.resourceVersion.",
    ],
  },
  {
    id: '1.6',
    file: 'reflector.ts',
    symbol: 'Reflector.run',
    what: 'on failure, back off and resume from the last resourceVersion',
    hints: [
      'A failed watch (connection refused, reset, 5xx) has lost nothing: the server still has that history. Wait, then watch again from the same resourceVersion — but wait longer each time, so a recovering API server is not hammered.',
      "For 'failed': await a sleep of this.backoff.nextDelay() on this.clock that stop() can cut short (keep the timer handle and a wake-up function), then loop. Use the one Backoff for the whole run and reset it only when an event arrives or a watch ends normally: resetting it on every attempt, or a fixed wait, never doubles.",
      "case 'failed': this.log.error('watch failed', { error: outcome.error.message }); await this.sleep(this.backoff.nextDelay()); break; — with sleep(ms) { return new Promise((resolve) => { const timer = this.clock.setTimer(ms, done); function done() { timer.cancel(); resolve(); } this.wakeUp = done; }); }.",
    ],
  },
  {
    id: '1.7',
    file: 'reflector.ts',
    symbol: 'Reflector.run',
    what: 'on 410 Gone, relist and diff: tombstones for what vanished',
    hints: [
      'The API server keeps only a window of history. 410 Gone means your resourceVersion fell out of it: the only way back is a new LIST, and the DELETED events you missed must be worked out by comparing the new list with what you knew.',
      "410 arrives two ways: a non-200 answer (error.statusCode 410) or an ERROR event whose object.code is 410. Both end the watch as 'gone'; the loop then relists. In the relist, compare each listed item with `known`, and every known key that is not listed any more is a deletion.",
      "New key → ADDED (isInInitialList: false); same key, other resourceVersion → MODIFIED; known key missing from the list → { type: 'DELETED', object: new DeletedFinalStateUnknown(key, lastKnown) }, and forget it.",
    ],
  },
  {
    id: '1.8',
    file: 'reflector.ts',
    symbol: 'Reflector.stop',
    what: '`stop()`: nothing left running — no request, no timer',
    hints: [
      'A stopped reflector must leave nothing behind: no open watch, no pending backoff timer, no request after stop() resolves. A wait of 30 s that stop() cannot cut short makes stop() take 30 s.',
      'Set a stopped flag the loop checks, stop the current watch handle, wake up a sleeping backoff, then await the running loop so stop() resolves only when run() has returned. Also handle stop() arriving while a watch is still being opened.',
      'async stop() { this.stopped = true; this.currentWatch?.stop(); this.wakeUp?.(); await this.running; }',
    ],
  },
];
