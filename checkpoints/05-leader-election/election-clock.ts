import type { KubeConfig } from '@kubernetes/client-node';
import type { TimerHandle } from '@stage/01-list-watch/index.js';
import { LeaseLock, type ResourceLock } from '@stage/05-leader-election/index.js';
import { FakeClock } from '../harness/fake-clock.js';
import { waitFor } from '../harness/wait.js';

/**
 * A fake clock for electors whose Lease calls still go to the real API
 * server. Time moves only in advance(): it fires the timers that come due (a
 * candidate's retry, a leader's renewal), then waits until every Lease call
 * they started has been answered — each elector is asleep on this clock again.
 * So a checkpoint reads lease timings exactly, to the millisecond, instead of
 * sleeping through seconds of real leases.
 */
export class ElectionClock extends FakeClock {
  private inFlight = 0;
  /** Every wait asked for with setTimer, in ms, in order. */
  readonly asked: number[] = [];

  override setTimer(ms: number, fn: () => void): TimerHandle {
    this.asked.push(ms);
    return super.setTimer(ms, fn);
  }

  /** The real LeaseLock for an elector on this clock, its calls in flight counted. */
  lock(kubeConfig: KubeConfig, namespace: string, name: string): ResourceLock {
    const lease = new LeaseLock(kubeConfig, namespace, name);
    return {
      get: () => this.track(lease.get()),
      create: (record) => this.track(lease.create(record)),
      update: (record, resourceVersion) => this.track(lease.update(record, resourceVersion)),
      describe: () => lease.describe(),
    };
  }

  /** Moves time `ms` forward and waits until the electors are asleep again. */
  async advance(ms: number): Promise<void> {
    this.step(ms);
    // An elector woken by step() starts its Lease call in the same task; by the next one it is counted.
    await new Promise((resolve) => setImmediate(resolve));
    await waitFor('the Lease calls of the electors on the fake clock to be answered', () => this.inFlight === 0, { intervalMs: 1, timeoutMs: 10_000 });
  }

  /** Moves time in steps of `stepMs` until `done()` holds after a step; fails after `limitMs` of fake time. */
  async advanceUntil(what: string, done: () => boolean, options: { stepMs: number; limitMs: number; lastSeen?: () => unknown }): Promise<void> {
    const limit = this.now() + options.limitMs;
    while (!done()) {
      if (this.now() >= limit) throw new Error(`${what}: not within ${options.limitMs} ms on the fake clock.${options.lastSeen ? ` Last seen: ${JSON.stringify(options.lastSeen())}` : ''}`);
      await this.advance(options.stepMs);
    }
  }

  private track<T>(call: Promise<T>): Promise<T> {
    this.inFlight++;
    return call.finally(() => this.inFlight--);
  }
}
