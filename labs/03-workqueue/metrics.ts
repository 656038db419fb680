import type { Clock } from './clock.js';

/**
 * client-go's workqueue.MetricsProvider: the queue reports through these, and
 * stage 7 plugs Prometheus in without the queue knowing about it.
 */
export interface GaugeMetric {
  inc(): void;
  dec(): void;
}
export interface SettableGaugeMetric {
  set(value: number): void;
}
export interface CounterMetric {
  inc(): void;
}
export interface HistogramMetric {
  observe(value: number): void;
}

export interface MetricsProvider {
  newDepthMetric(name: string): GaugeMetric;
  newAddsMetric(name: string): CounterMetric;
  /** Seconds an item waited in the queue before a worker got it. */
  newLatencyMetric(name: string): HistogramMetric;
  /** Seconds a worker spent on an item, from get to done. */
  newWorkDurationMetric(name: string): HistogramMetric;
  /** Seconds of work in progress that has not been marked done: the sum over in-flight items. */
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  /** Seconds the longest-running in-flight item has been processed: a stuck worker shows here. */
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  newRetriesMetric(name: string): CounterMetric;
}

const noop = { inc() {}, dec() {}, set() {}, observe() {} };

export const noopMetricsProvider: MetricsProvider = {
  newDepthMetric: () => noop,
  newAddsMetric: () => noop,
  newLatencyMetric: () => noop,
  newWorkDurationMetric: () => noop,
  newUnfinishedWorkSecondsMetric: () => noop,
  newLongestRunningProcessorSecondsMetric: () => noop,
  newRetriesMetric: () => noop,
};

/** The bookkeeping between a queue and its provider (client-go's defaultQueueMetrics). */
export class QueueMetrics<T> {
  private readonly depth: GaugeMetric;
  private readonly adds: CounterMetric;
  private readonly latency: HistogramMetric;
  private readonly workDuration: HistogramMetric;
  private readonly unfinished: SettableGaugeMetric;
  private readonly longest: SettableGaugeMetric;
  private readonly addTimes = new Map<T, number>();
  private readonly processingStarts = new Map<T, number>();
  /** Without a provider, skip the clock reads and maps: the queue's hot path stays lean. */
  private readonly enabled: boolean;

  constructor(
    name: string,
    provider: MetricsProvider,
    private readonly clock: Clock,
  ) {
    this.enabled = provider !== noopMetricsProvider;
    this.depth = provider.newDepthMetric(name);
    this.adds = provider.newAddsMetric(name);
    this.latency = provider.newLatencyMetric(name);
    this.workDuration = provider.newWorkDurationMetric(name);
    this.unfinished = provider.newUnfinishedWorkSecondsMetric(name);
    this.longest = provider.newLongestRunningProcessorSecondsMetric(name);
  }

  added(item: T): void {
    if (!this.enabled) return;
    this.adds.inc();
    if (!this.addTimes.has(item)) this.addTimes.set(item, this.clock.now());
  }

  queued(): void {
    if (!this.enabled) return;
    this.depth.inc();
  }

  gotten(item: T): void {
    if (!this.enabled) return;
    this.depth.dec();
    const now = this.clock.now();
    const addedAt = this.addTimes.get(item);
    if (addedAt !== undefined) this.latency.observe((now - addedAt) / 1000);
    this.addTimes.delete(item);
    this.processingStarts.set(item, now);
  }

  finished(item: T): void {
    if (!this.enabled) return;
    const started = this.processingStarts.get(item);
    if (started !== undefined) this.workDuration.observe((this.clock.now() - started) / 1000);
    this.processingStarts.delete(item);
  }

  /** Computed on demand (client-go refreshes them every 500 ms) so an idle queue costs nothing. */
  updateUnfinishedWork(): void {
    const now = this.clock.now();
    let total = 0;
    let oldest = 0;
    for (const started of this.processingStarts.values()) {
      const seconds = (now - started) / 1000;
      total += seconds;
      oldest = Math.max(oldest, seconds);
    }
    this.unfinished.set(total);
    this.longest.set(oldest);
  }
}

/**
 * Retries are the delaying queue's own metric (client-go's newRetryMetrics):
 * the plain queue knows nothing of delays, so it does not count them.
 */
export class RetryMetrics {
  private readonly retries: CounterMetric;

  constructor(name: string, provider: MetricsProvider) {
    this.retries = provider.newRetriesMetric(name);
  }

  retried(): void {
    this.retries.inc();
  }
}
