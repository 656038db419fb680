import { describe, expect, it } from 'vitest';
import { parallelizeUntil } from './parallelizer.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('parallelizeUntil', () => {
  it('runs every piece once, never more than `workers` at a time', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await parallelizeUntil(3, 10, async (piece) => {
      most = Math.max(most, ++running);
      await tick();
      running--;
      done.push(piece);
    });
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('after the first error starts no further piece, lets the running ones finish, and throws that error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = parallelizeUntil(2, 10, async (piece) => {
      started.push(piece);
      await tick();
      if (piece === 1) throw new Error('piece 1 failed');
      await tick();
      finished.push(piece);
    });
    await expect(run).rejects.toThrow('piece 1 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  it('stops handing out pieces once the signal is aborted', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    await parallelizeUntil(1, 5, async (piece) => {
      started.push(piece);
      if (piece === 1) controller.abort();
    }, controller.signal);
    expect(started).toEqual([0, 1]);
  });

  it('refuses a worker count that is not a whole number ≥ 1', async () => {
    await expect(parallelizeUntil(0, 3, async () => undefined)).rejects.toThrow('workers must be a whole number ≥ 1, got 0');
  });
});
