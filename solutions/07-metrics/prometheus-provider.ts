import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CounterMetric, GaugeMetric, HistogramMetric, MetricsProvider, SettableGaugeMetric } from '../03-workqueue/index.js';

/** client-go's workqueue buckets: 10 ns to 10 s, one per decade (prometheus.ExponentialBuckets(10e-9, 10, 10)). */
export const durationBuckets = Array.from({ length: 10 }, (_, i) => 1e-8 * 10 ** i);

/**
 * client-go's workqueue metrics in Prometheus, under the names every
 * Kubernetes dashboard already knows (workqueue_depth{name="mirror"}, …).
 * One metric per kind, labelled by queue name: many queues share them.
 */
export class PrometheusMetricsProvider implements MetricsProvider {
  private readonly depth: Gauge;
  private readonly adds: Counter;
  private readonly latency: Histogram;
  private readonly workDuration: Histogram;
  private readonly unfinished: Gauge;
  private readonly longest: Gauge;
  private readonly retries: Counter;

  constructor(readonly registry: Registry = new Registry()) {
    const registers = [registry];
    const labelNames = ['name'] as const;
    this.depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames, registers });
    this.adds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames, registers });
    this.latency = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames, buckets: durationBuckets, registers });
    this.workDuration = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames, buckets: durationBuckets, registers });
    this.unfinished = new Gauge({ name: 'workqueue_unfinished_work_seconds', help: 'How many seconds of work has been done that is in progress and has not been observed by work_duration', labelNames, registers });
    this.longest = new Gauge({ name: 'workqueue_longest_running_processor_seconds', help: 'How many seconds has the longest running processor for workqueue been running', labelNames, registers });
    this.retries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames, registers });
  }

  newDepthMetric(name: string): GaugeMetric {
    const child = this.depth.labels(name);
    return { inc: () => child.inc(), dec: () => child.dec() };
  }

  newAddsMetric(name: string): CounterMetric {
    const child = this.adds.labels(name);
    return { inc: () => child.inc() };
  }

  newLatencyMetric(name: string): HistogramMetric {
    const child = this.latency.labels(name);
    return { observe: (seconds) => child.observe(seconds) };
  }

  newWorkDurationMetric(name: string): HistogramMetric {
    const child = this.workDuration.labels(name);
    return { observe: (seconds) => child.observe(seconds) };
  }

  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric {
    const child = this.unfinished.labels(name);
    return { set: (seconds) => child.set(seconds) };
  }

  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric {
    const child = this.longest.labels(name);
    return { set: (seconds) => child.set(seconds) };
  }

  newRetriesMetric(name: string): CounterMetric {
    const child = this.retries.labels(name);
    return { inc: () => child.inc() };
  }
}
