import { describe, expect } from 'vitest';
import { Queue } from '@stage/03-workqueue/index.js';
import { checkpoint } from '../harness/checkpoint.js';
import { todo } from '../harness/look.js';
import { settle, track } from './settle.js';

describe('3 · Queue: FIFO with de-duplication and one worker per key', () => {
  checkpoint('hands items out first in, first out, and len() counts the waiting ones', { expect: 'add a, b, c → get returns a, b, c in that order; len() goes 3, 2, 1, 0', look: todo('3.1') }, async () => {
    const q = new Queue<string>();
    q.add('a');
    q.add('b');
    q.add('c');
    expect(q.len()).toBe(3);
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      got.push((await q.get()).item!);
      expect(q.len()).toBe(2 - i);
    }
    expect(got).toEqual(['a', 'b', 'c']);
  });

  checkpoint('adding a queued item again does not queue it twice', { expect: 'add(a) five times → len() is 1 and one get() returns a', look: todo('3.1', 'dirty set') }, async () => {
    const q = new Queue<string>();
    for (let i = 0; i < 5; i++) q.add('a');
    q.add('b');
    expect(q.len()).toBe(2);
    expect((await q.get()).item).toBe('a');
    expect((await q.get()).item).toBe('b');
    expect(q.len()).toBe(0);
  });

  checkpoint(
    'an item added while it is being processed runs exactly once more, after done()',
    { expect: 'get(a), then add(a) twice while processing → not handed out again until done(a); then exactly once', look: todo('3.2', 'processing set') },
    async () => {
      const q = new Queue<string>();
      q.add('a');
      const first = await q.get();
      expect(first.item).toBe('a');
      q.add('a');
      q.add('a');
      expect(q.len(), 'not queued while a worker holds it').toBe(0);
      const second = track(q.get());
      await settle();
      expect(second.done(), 'a second worker must not get a while the first holds it').toBe(false);
      q.done('a');
      await settle();
      expect(second.done(), 'after done(a) it is handed out again').toBe(true);
      expect(second.value()?.item).toBe('a');
      q.done('a');
      expect(q.len(), 'and only once').toBe(0);
    },
  );

  checkpoint('done() of an item not added again does not bring it back', { expect: 'get(a), done(a) → the queue is empty', look: todo('3.2') }, async () => {
    const q = new Queue<string>();
    q.add('a');
    await q.get();
    q.done('a');
    expect(q.len()).toBe(0);
  });

  checkpoint('get() waits while the queue is empty and resolves on the next add', { expect: 'a get() on an empty queue stays pending until add(x), then resolves with x', look: todo('3.3', 'waiting get') }, async () => {
    const q = new Queue<string>();
    const pending = track(q.get());
    await settle();
    expect(pending.done(), 'get() on an empty queue waits').toBe(false);
    q.add('x');
    await settle();
    expect(pending.value()).toEqual({ item: 'x', shutdown: false });
  });

  checkpoint('several waiting workers each get a different item', { expect: 'three pending get() calls receive a, b, c — each once', look: todo('3.3') }, async () => {
    const q = new Queue<string>();
    const gets = [track(q.get()), track(q.get()), track(q.get())];
    q.add('a');
    q.add('b');
    q.add('c');
    await settle();
    expect(gets.map((g) => g.value()?.item)).toEqual(['a', 'b', 'c']);
  });

  checkpoint(
    'shutDown(): new adds are ignored, waiting workers are released, queued items are still handed out',
    { expect: 'after shutDown(), add() does nothing; items already queued still come out of get(); then get() answers shutdown: true at once', look: todo('3.4', 'shutDown') },
    async () => {
      const q = new Queue<string>();
      const waiting = track(q.get());
      q.shutDown();
      await settle();
      expect(waiting.value(), 'a worker waiting on an empty queue is released').toEqual({ item: undefined, shutdown: true });

      const q2 = new Queue<string>();
      q2.add('a');
      q2.shutDown();
      expect(q2.shuttingDown(), 'shuttingDown() after shutDown()').toBe(true);
      expect(q2.len(), 'len() right after shutDown(), with a queued: shutDown() must keep queued items for the workers to finish').toBe(1);
      q2.add('b');
      expect(q2.len(), 'len() after add(b) following shutDown(): an add after shutDown() is ignored').toBe(1);
      expect(await q2.get(), 'get() after shutDown(), a still queued').toEqual({ item: 'a', shutdown: false });
      expect(await q2.get(), 'get() once the queue is empty and shut down').toEqual({ item: undefined, shutdown: true });
    },
  );

  checkpoint(
    'shutDownWithDrain() waits until every item being processed is done',
    { expect: 'with a held by a worker, shutDownWithDrain() stays pending until done(a)', look: todo('3.4', 'shutDownWithDrain') },
    async () => {
      const q = new Queue<string>();
      q.add('a');
      q.add('b');
      await q.get();
      await q.get();
      const drained = track(q.shutDownWithDrain());
      await settle();
      expect(drained.done(), 'two items still in flight').toBe(false);
      q.done('a');
      await settle();
      expect(drained.done(), 'b still in flight').toBe(false);
      q.done('b');
      await settle();
      expect(drained.done(), 'all done: drained').toBe(true);
      await expect(new Queue<string>().shutDownWithDrain(), 'nothing in flight: resolves at once').resolves.toBeUndefined();
    },
  );

  checkpoint(
    'shutDown() during a shutDownWithDrain() ends the drain wait at once, as in client-go',
    { expect: 'with a held by a worker, shutDownWithDrain() pending, then shutDown() → the drain promise resolves without done(a); a second shutDownWithDrain() alone does not end the first', look: todo('3.4', 'shutDown after shutDownWithDrain') },
    async () => {
      const q = new Queue<string>();
      q.add('a');
      await q.get();
      const first = track(q.shutDownWithDrain());
      const second = track(q.shutDownWithDrain());
      await settle();
      expect(first.done(), 'a is still in flight, and calling shutDownWithDrain() again must not end the first wait').toBe(false);
      expect(second.done(), 'a is still in flight').toBe(false);
      q.shutDown();
      await settle();
      expect(first.done(), 'shutDown() after shutDownWithDrain() stops waiting for in-flight items').toBe(true);
      expect(second.done(), 'every drain wait ends').toBe(true);
      q.done('a');
    },
  );
});
