import type { Todo } from './types.js';

export const workqueueTodos: readonly Todo[] = [
  {
    id: '3.1',
    file: 'queue.ts',
    symbol: 'Queue.add, Queue.len',
    what: '`add` with the dirty set, `len`',
    hints: [
      'A work queue holds keys, not events: ten changes to one object before a worker gets to it are one reconcile. The "dirty" set is what makes that true.',
      'add(k): ignore it after shutdown or when k is already dirty; mark it dirty; if a worker holds k right now, stop there (done() will queue it again); otherwise push it on the FIFO — or hand it straight to a waiting get().',
      'if (this.shuttingDownFlag || this.dirty.has(item)) return; this.dirty.add(item); if (this.processing.has(item)) return; this.enqueue(item); — and len() { return this.queue.len(); }',
    ],
  },
  {
    id: '3.2',
    file: 'queue.ts',
    symbol: 'Queue.done',
    what: '`done`: leave processing, re-queue if dirty',
    hints: [
      'A key is never handed to two workers at once. If it changed while a worker held it, it is dirty again — and must be processed once more, after this worker is done.',
      'done(k): take k out of processing; if it is dirty, queue it now.',
      'done(item) { this.processing.delete(item); if (this.dirty.has(item)) this.enqueue(item); }',
    ],
  },
  {
    id: '3.3',
    file: 'queue.ts',
    symbol: 'Queue.get',
    what: '`get`: hand out the head, or wait for an add',
    hints: [
      'Workers call get() in a loop and must wait, without polling, while the queue is empty. A promise whose resolve function you keep is exactly that.',
      "If the FIFO has a head, hand it out (dirty -= k, processing += k). Else, once shut down, answer { item: undefined, shutdown: true }; otherwise return a new promise and keep its resolve in a list of waiters that the next enqueue serves first.",
      "const item = this.queue.shift(); if (item !== undefined) return Promise.resolve(this.handOut(item)); if (this.shuttingDownFlag) return Promise.resolve({ item: undefined, shutdown: true }); return new Promise((resolve) => this.waiters.push(resolve));",
    ],
  },
  {
    id: '3.4',
    file: 'queue.ts',
    symbol: 'Queue.shutDown, Queue.shutDownWithDrain',
    what: '`shutDown`, `shutDownWithDrain`, `shuttingDown`',
    hints: [
      'Shutting down means: take no new keys, let workers finish what is queued, and wake every worker that waits so it can return. Draining also waits for the keys workers hold right now.',
      "shutDown(): set the flag once, and if nothing is queued resolve every waiting get() with shutdown: true. shutDownWithDrain(): shutDown(), then a promise that done() resolves when processing becomes empty — or that a later shutDown() resolves at once (client-go: ShutDown after ShutDownWithDrain stops the wait).",
      'shutDown() starts with for (const r of this.drainWaiters.splice(0)) r(); before its once-only check. shutDownWithDrain() { if (!this.shuttingDownFlag) this.shutDown(); if (this.processing.size === 0) return Promise.resolve(); return new Promise((resolve) => this.drainWaiters.push(resolve)); } — and done() resolves drainWaiters once processing.size === 0.',
    ],
  },
  {
    id: '3.5',
    file: 'delaying-queue.ts',
    symbol: 'DelayingQueue.addAfter',
    what: '`addAfter` on the injected clock, one timer for the earliest deadline',
    hints: [
      'A delaying queue holds items in a waiting room until their time comes. Time comes from the injected clock, so the checkpoints can move it by hand: never sleep, never poll, never call setTimeout yourself.',
      'Push { item, readyAt: clock.now() + ms } on a min-heap by readyAt. Keep one timer (clock.setTimer) for the earliest deadline; when it fires, add every item that is due and arm the timer for the next one. ms <= 0 adds at once.',
      'const readyAt = this.clock.now() + ms; this.heap.push({ item, readyAt }); if (!this.timer || readyAt < this.timer.at) { this.timer?.handle.cancel(); this.timer = { at: readyAt, handle: this.clock.setTimer(readyAt - this.clock.now(), () => this.fire()) }; }',
    ],
  },
  {
    id: '3.6',
    file: 'delaying-queue.ts',
    symbol: 'DelayingQueue.addAfter, DelayingQueue.shutDown',
    what: 'the sooner deadline wins; stop the timer on shutdown',
    hints: [
      'An item already waiting that is added again with another delay keeps the sooner deadline, and still comes out once. And no timer may outlive the queue.',
      'Keep a Map item → deadline that counts. A later deadline than the current one is ignored; a sooner one is recorded and pushed, and the old heap entry is skipped when it reaches the top (its readyAt no longer matches the map). The delaying queue wraps a Queue: its shutDown() and shutDownWithDrain() cancel the timer, then pass the call on.',
      'const current = this.deadlines.get(item); if (current !== undefined && current <= readyAt) return; this.deadlines.set(item, readyAt); — and shutDown() { this.stopTimer(); this.queue.shutDown(); } (stopTimer: this.timer?.handle.cancel(); this.timer = undefined), the same before this.queue.shutDownWithDrain().',
    ],
  },
  {
    id: '3.7',
    file: 'rate-limiters.ts',
    symbol: 'ItemExponentialFailureRateLimiter.when',
    what: 'per-item exponential backoff',
    hints: [
      'Each failure of an item doubles its next delay, so one broken object backs off while the others flow; forget() (on success) starts it over.',
      'Count failures per item in a Map. when(item) returns base × 2^(failures so far), capped at maxMs, and counts one more failure. numRequeues reads the count; forget deletes it.',
      'const exp = this.failures.get(item) ?? 0; this.failures.set(item, exp + 1); const delay = this.baseMs * 2 ** exp; return Number.isFinite(delay) && delay < this.maxMs ? delay : this.maxMs;',
    ],
  },
  {
    id: '3.8',
    file: 'rate-limiters.ts',
    symbol: 'BucketRateLimiter.when',
    what: 'token bucket',
    hints: [
      'A token bucket limits all items together: `burst` tries at once, then `qps` per second. It protects the API server when many items fail at the same moment.',
      'Keep tokens and the time of the last call. On each when(): add (elapsed ms × qps / 1000) tokens, capped at burst; take one. With tokens left the delay is 0; below zero it is the time until the debt is paid — and the token stays taken, so the next caller waits longer.',
      'this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000); this.last = now; this.tokens -= 1; return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;',
    ],
  },
  {
    id: '3.9',
    file: 'rate-limiters.ts',
    symbol: 'MaxOfRateLimiter.when, defaultControllerRateLimiter',
    what: 'fast-slow, max-of, the default controller limiter',
    hints: [
      'Limiters compose: client-go\'s default for controllers is the larger of a per-item exponential backoff and an overall token bucket.',
      'Fast-slow counts attempts per item: the fast delay up to maxFastAttempts, the slow one after. Max-of asks every limiter (when and numRequeues take the maximum; forget goes to all). The default is a max-of the two limiters.',
      'return new MaxOfRateLimiter<T>(new ItemExponentialFailureRateLimiter<T>(5, 1_000_000), new BucketRateLimiter<T>(10, 100, clock)); — and MaxOf.when(item) { return Math.max(0, ...this.limiters.map((l) => l.when(item))); }',
    ],
  },
  {
    id: '3.10',
    file: 'rate-limiting-queue.ts',
    symbol: 'RateLimitingQueue.addRateLimited, RateLimitingQueue.forget',
    what: '`addRateLimited`, `forget`, `numRequeues`',
    hints: [
      'A failed reconcile is retried later, as late as the rate limiter says — that is all a rate-limiting queue adds to the delaying one.',
      'addRateLimited asks the limiter how long and uses addAfter; forget and numRequeues pass through to the limiter.',
      'addRateLimited(item) { this.addAfter(item, this.rateLimiter.when(item)); } forget(item) { this.rateLimiter.forget(item); } numRequeues(item) { return this.rateLimiter.numRequeues(item); }',
    ],
  },
  {
    id: '3.11',
    file: 'queue.ts',
    symbol: 'Queue.add, Queue.done',
    what: 'report to the metrics provider (stage 7 plugs Prometheus in here)',
    hints: [
      "client-go's queues report depth, adds, time waiting, time working and retries. QueueMetrics (given) does the arithmetic; you only tell it what happened, at the right moments.",
      'Four calls in Queue and one in DelayingQueue: added(k) for each accepted add, queued() whenever a key enters the FIFO (or goes straight to a waiting worker), gotten(k) when a worker takes it, finished(k) in done(), retried() in every addAfter not ignored by shutdown — before the zero-delay shortcut, as client-go counts it.',
      'add(): after the dirty check, this.metrics.added(item); enqueue(): this.metrics.queued(); handOut(): this.metrics.gotten(item); done(): this.metrics.finished(item); addAfter(): after the shutdown check, this.retries.retried() — before if (ms <= 0).',
    ],
  },
];
