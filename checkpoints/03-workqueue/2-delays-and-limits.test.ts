import { describe, expect } from 'vitest';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  DelayingQueue,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  RateLimitingQueue,
} from '@stage/03-workqueue/index.js';
import { checkpoint } from '../harness/checkpoint.js';
import { FakeClock } from '../harness/fake-clock.js';
import { todo } from '../harness/look.js';

describe('3 · DelayingQueue: addAfter', () => {
  checkpoint('an item added with a delay appears when the delay is over, not before', { expect: 'addAfter(a, 100) → len() 0 at 99 ms, 1 at 100 ms', look: todo('3.5') }, () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 100);
    clock.step(99);
    expect(q.len(), 'at 99 ms').toBe(0);
    clock.step(1);
    expect(q.len(), 'at 100 ms').toBe(1);
  });

  checkpoint('a zero or negative delay adds at once', { expect: 'addAfter(a, 0) → len() 1 immediately', look: todo('3.5') }, () => {
    const q = new DelayingQueue<string>({ clock: new FakeClock() });
    q.addAfter('a', 0);
    q.addAfter('b', -5);
    expect(q.len()).toBe(2);
  });

  checkpoint('for an item already waiting, the sooner deadline wins', { expect: 'addAfter(a, 500) then addAfter(a, 100) → a at 100 ms, once; addAfter(b, 100) then (b, 500) → b at 100 ms', look: todo('3.6') }, () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 500);
    q.addAfter('a', 100);
    q.addAfter('b', 100);
    q.addAfter('b', 500);
    clock.step(100);
    expect(q.len(), 'both due at 100 ms').toBe(2);
    clock.step(1000);
    expect(q.len(), 'and not added a second time later').toBe(2);
  });

  checkpoint('items with different delays come out in deadline order', { expect: 'delays 30, 10, 20 → items in order 10, 20, 30', look: todo('3.5') }, async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('c', 30);
    q.addAfter('a', 10);
    q.addAfter('b', 20);
    clock.step(30);
    expect([(await q.get()).item, (await q.get()).item, (await q.get()).item]).toEqual(['a', 'b', 'c']);
  });

  checkpoint('shutting down stops the delay timer, with or without drain', { expect: 'after shutDown(), and after shutDownWithDrain(), no timer is left on the clock and waiting items never appear', look: todo('3.6', 'shutDown and shutDownWithDrain') }, async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 100);
    q.shutDown();
    expect(clock.pending(), 'timers left on the clock after shutDown()').toBe(0);
    clock.step(200);
    expect(q.len(), 'len() after shutDown() and 200 ms: a waiting item never appears').toBe(0);

    const drained = new DelayingQueue<string>({ clock });
    drained.addAfter('b', 100);
    await drained.shutDownWithDrain();
    expect(clock.pending(), 'timers left on the clock after shutDownWithDrain(): it must cancel the delay timer too').toBe(0);
    clock.step(200);
    expect(drained.len(), 'len() after shutDownWithDrain() and 200 ms: a waiting item never appears').toBe(0);
  });
});

describe('3 · Rate limiters', () => {
  checkpoint('per-item exponential: 5, 10, 20, 40 ms … capped; forget resets; items are independent', { expect: 'when(a) gives 5, 10, 20, 40; numRequeues counts; after forget it starts at 5 again; the cap holds (1000 s default)', look: todo('3.7') }, () => {
    const l = new ItemExponentialFailureRateLimiter<string>();
    expect([l.when('a'), l.when('a'), l.when('a'), l.when('a')]).toEqual([5, 10, 20, 40]);
    expect(l.when('b'), 'another item starts at the base').toBe(5);
    expect(l.numRequeues('a'), "numRequeues('a') after four when('a')").toBe(4);
    l.forget('a');
    expect(l.numRequeues('a'), "numRequeues('a') after forget('a')").toBe(0);
    expect(l.when('a'), "when('a') after forget('a'): back to the base delay").toBe(5);
    const capped = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
    let last = 0;
    for (let i = 0; i < 2000; i++) last = capped.when('x');
    expect(last, 'capped at 1000 s, even after 2000 failures').toBe(1_000_000);
  });

  checkpoint('token bucket: a burst at once, then 1/qps apart, refilled by time', { expect: 'BucketRateLimiter(10 qps, burst 3): 0, 0, 0, then 100, 200 ms; after 1 s of quiet, a burst again', look: todo('3.8') }, () => {
    const clock = new FakeClock();
    const l = new BucketRateLimiter<string>(10, 3, clock);
    expect([l.when('a'), l.when('b'), l.when('c')]).toEqual([0, 0, 0]);
    expect(l.when('d')).toBeCloseTo(100, 5);
    expect(l.when('e')).toBeCloseTo(200, 5);
    clock.step(1000);
    expect(l.when('f'), 'the bucket has refilled').toBe(0);
    expect(l.numRequeues('a')).toBe(0);
  });

  checkpoint('fast-slow: the fast delay for the first N tries, then the slow one', { expect: 'ItemFastSlowRateLimiter(10, 1000, 2): 10, 10, 1000, 1000; forget starts over', look: todo('3.9') }, () => {
    const l = new ItemFastSlowRateLimiter<string>(10, 1000, 2);
    expect([l.when('a'), l.when('a'), l.when('a'), l.when('a')]).toEqual([10, 10, 1000, 1000]);
    expect(l.numRequeues('a'), "numRequeues('a') after four when('a')").toBe(4);
    l.forget('a');
    expect(l.when('a'), "when('a') after forget('a'): the fast delay again").toBe(10);
  });

  checkpoint('max-of: the longest delay of its limiters; forget forgets in all', { expect: 'max(exponential 5 ms, fast-slow 1/100 after 1) → 5, 100, 100, 100 … then 160', look: todo('3.9') }, () => {
    const l = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter<string>(5, 1000), new ItemFastSlowRateLimiter<string>(1, 100, 1));
    expect([l.when('a'), l.when('a'), l.when('a'), l.when('a'), l.when('a'), l.when('a')]).toEqual([5, 100, 100, 100, 100, 160]);
    expect(l.numRequeues('a'), "numRequeues('a') after six when('a'): the most of its limiters").toBe(6);
    l.forget('a');
    expect(l.numRequeues('a'), "numRequeues('a') after forget('a'): forget in every limiter").toBe(0);
  });

  checkpoint('the default controller limiter is per-item exponential and an overall bucket', { expect: 'defaultControllerRateLimiter(): one item fails 5, 10, 20 ms; 200 different items at once are spread out by the 10 qps / burst 100 bucket', look: todo('3.9') }, () => {
    const clock = new FakeClock();
    const l = defaultControllerRateLimiter<string>(clock);
    expect([l.when('a'), l.when('a'), l.when('a')]).toEqual([5, 10, 20]);
    const delays = Array.from({ length: 200 }, (_, i) => l.when(`k${i}`));
    expect(delays[90], 'within the burst: only the per-item 5 ms').toBe(5);
    expect(delays[199]!, 'past the burst: ~100 ms per extra item at 10 qps').toBeGreaterThan(9_000);
  });
});

describe('3 · RateLimitingQueue', () => {
  checkpoint('addRateLimited waits as the limiter says; forget resets; numRequeues counts', { expect: 'addRateLimited(a) thrice → due after 5, 10, 20 ms; forget → next is 5 ms again', look: todo('3.10') }, async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>(new ItemExponentialFailureRateLimiter<string>(5, 1000), { clock });
    for (const delay of [5, 10, 20]) {
      q.addRateLimited('a');
      clock.step(delay - 1);
      expect(q.len(), `not yet, at ${delay - 1} ms`).toBe(0);
      clock.step(1);
      expect(q.len(), `due at ${delay} ms`).toBe(1);
      await q.get();
      q.done('a');
    }
    expect(q.numRequeues('a'), "numRequeues('a') after three addRateLimited").toBe(3);
    q.forget('a');
    expect(q.numRequeues('a'), "numRequeues('a') after forget('a'): forget() must reset the limiter's count for the item").toBe(0);
    q.addRateLimited('a');
    clock.step(5);
    expect(q.len(), 'len() 5 ms after addRateLimited(a) following forget(a): the delay starts over at 5 ms').toBe(1);
  });
});
