import { realClock, type Clock } from '../00-common/clock.js';

/** How Events are folded and limited; the defaults are client-go's EventCorrelator's. */
export interface EventCorrelationOptions {
  /** The same (object, type, reason, message) again within this time is not sent again. Default 10 min. */
  dedupWindowMs?: number;
  /** Distinct messages for one (object, type, reason) within `aggregateWindowMs` before they fold into one Event. Default 10. */
  aggregateMaxEvents?: number;
  /** Default 10 min (client-go's defaultAggregateIntervalInSeconds). */
  aggregateWindowMs?: number;
  /** Event writes an object may make at once before its token bucket runs dry. Default 25. */
  spamBurst?: number;
  /** One more token per this time. Default 5 min (client-go's qps 1/300). */
  spamRefillMs?: number;
}

/** client-go's prefix of an aggregate Event's message. */
export const aggregatePrefix = '(combined from similar events): ';

/** One Event object as it should stand on the API server: created once, then its count and message move on. */
export interface CorrelatedEvent {
  /** Which Event object: occurrences with the same key update one Event. */
  readonly key: string;
  /** Set by the writer once the API server has created it. */
  name?: string;
  count: number;
  message: string;
  /** Monotonic clock readings, for the windows. */
  first: number;
  last: number;
  /** The dates people read (the clock's wall time): the Event's firstTimestamp and lastTimestamp. */
  firstTime: Date;
  lastTime: Date;
}

/**
 * client-go's EventCorrelator, without I/O: decides for each occurrence which
 * Event object it counts towards, and whether an object may write one more.
 *
 *  - Dedup: the same (object, type, reason, message) again within
 *    `dedupWindowMs` is skipped — a resync every few minutes does not bump a
 *    conflict's Event each time.
 *  - Aggregation (EventAggregator): from the `aggregateMaxEvents`-th (10th)
 *    distinct message of one (object, type, reason) within the window on,
 *    occurrences fold into ONE Event, message `(combined from similar
 *    events): <the latest>`, whose count goes up.
 *  - Spam filter (EventSourceObjectSpamFilter): a token bucket per object,
 *    burst 25, one token more every 5 minutes; `allowWrite` says no when it is
 *    empty, and the write is dropped.
 *
 * Unlike client-go's, the count goes on while writes are dropped, so the next
 * write that gets through says how often it really happened.
 */
export class EventCorrelator {
  private readonly options: Required<EventCorrelationOptions>;
  private readonly lastSeen = new Map<string, number>();
  /** Per (object, type, reason): the distinct messages seen in the current window. */
  private readonly similar = new Map<string, { since: number; messages: Set<string> }>();
  private readonly events = new Map<string, CorrelatedEvent>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    options: EventCorrelationOptions = {},
    private readonly clock: Clock = realClock,
  ) {
    this.options = { dedupWindowMs: 10 * 60_000, aggregateMaxEvents: 10, aggregateWindowMs: 10 * 60_000, spamBurst: 25, spamRefillMs: 5 * 60_000, ...options };
  }

  /** The Event this occurrence counts towards, its count and message updated; undefined for a duplicate within the window. */
  observe(object: string, type: string, reason: string, message: string): CorrelatedEvent | undefined {
    const now = this.clock.now();
    const wall = this.clock.wallTime();
    const exact = `${object}|${type}|${reason}|${message}`;
    if (now - (this.lastSeen.get(exact) ?? -Infinity) < this.options.dedupWindowMs) return undefined;
    remember(this.lastSeen, exact, now);

    const similarKey = `${object}|${type}|${reason}`;
    let seen = this.similar.get(similarKey);
    if (!seen || now - seen.since > this.options.aggregateWindowMs) remember(this.similar, similarKey, (seen = { since: now, messages: new Set() }));
    seen.messages.add(message);
    const aggregate = seen.messages.size >= this.options.aggregateMaxEvents;
    const key = aggregate ? `${similarKey}|(aggregate)` : exact;

    let event = this.events.get(key);
    if (!event || (aggregate && now - event.first > this.options.aggregateWindowMs)) event = { key, count: 0, message, first: now, last: now, firstTime: wall, lastTime: wall };
    remember(this.events, key, event);
    event.count++;
    event.message = aggregate ? `${aggregatePrefix}${message}` : message;
    event.last = now;
    event.lastTime = wall;
    return event;
  }

  /** Takes a token from the object's bucket: false when it is empty (the write is to be dropped). */
  allowWrite(object: string): boolean {
    const { spamBurst, spamRefillMs } = this.options;
    const now = this.clock.now();
    const bucket = this.buckets.get(object) ?? { tokens: spamBurst, at: now };
    bucket.tokens = Math.min(spamBurst, bucket.tokens + (now - bucket.at) / spamRefillMs);
    bucket.at = now;
    remember(this.buckets, object, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens--;
    return true;
  }
}

/** client-go keeps these in LRU caches of 4,096 entries: so does this, so a long-lived controller's maps stay bounded. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > 4096) map.delete(map.keys().next().value!);
}
