import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CounterMetric, GaugeMetric, HistogramMetric, MetricsProvider, SettableGaugeMetric } from '../03-workqueue/index.js';

/** client-go's workqueue buckets: 10 ns to 10 s, one per decade (prometheus.ExponentialBuckets(10e-9, 10, 10)). */
export const durationBuckets = Array.from({ length: 10 }, (_, i) => 1e-8 * 10 ** i);

/**
 * TODO 7.1 — client-go's workqueue metrics in Prometheus, under the names every
 * Kubernetes dashboard already knows (workqueue_depth{name="mirror"}, …),
 * implementing your stage 3 MetricsProvider. In the constructor create, in
 * `registry` (the `registers: [registry]` option), one metric per kind with
 * labelNames ['name']:
 *
 *   Gauge     workqueue_depth
 *   Counter   workqueue_adds_total
 *   Histogram workqueue_queue_duration_seconds      (buckets: durationBuckets)
 *   Histogram workqueue_work_duration_seconds       (buckets: durationBuckets)
 *   Gauge     workqueue_unfinished_work_seconds
 *   Gauge     workqueue_longest_running_processor_seconds
 *   Counter   workqueue_retries_total
 *
 * Each newXxxMetric(name) returns the metric's child for that queue name
 * (`metric.labels(name)`) wrapped in the small interface the queue expects.
 * One metric, many queues: two queues must not register a metric twice.
 */
export class PrometheusMetricsProvider implements MetricsProvider {
  // lab:todo 7.1
  // lab:stub
  private readonly depth: Gauge;
  private readonly adds: Counter;
  private readonly latency: Histogram;
  private readonly workDuration: Histogram;
  private readonly unfinished: Gauge;
  private readonly longest: Gauge;
  private readonly retries: Counter;
  // lab:end

  constructor(readonly registry: Registry = new Registry()) {
    // lab:todo 7.1
    // lab:stub todo('7.1 PrometheusMetricsProvider: create the seven workqueue metrics in the registry');
    const registers = [registry];
    const labelNames = ['name'] as const;
    this.depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames, registers });
    this.adds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames, registers });
    this.latency = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames, buckets: durationBuckets, registers });
    this.workDuration = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames, buckets: durationBuckets, registers });
    this.unfinished = new Gauge({ name: 'workqueue_unfinished_work_seconds', help: 'How many seconds of work has been done that is in progress and has not been observed by work_duration', labelNames, registers });
    this.longest = new Gauge({ name: 'workqueue_longest_running_processor_seconds', help: 'How many seconds has the longest running processor for workqueue been running', labelNames, registers });
    this.retries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames, registers });
    // lab:end
  }

  newDepthMetric(name: string): GaugeMetric {
    // lab:todo 7.1 newDepthMetric(${name})
    const child = this.depth.labels(name);
    return { inc: () => child.inc(), dec: () => child.dec() };
    // lab:end
  }

  newAddsMetric(name: string): CounterMetric {
    // lab:todo 7.1 newAddsMetric(${name})
    const child = this.adds.labels(name);
    return { inc: () => child.inc() };
    // lab:end
  }

  newLatencyMetric(name: string): HistogramMetric {
    // lab:todo 7.1 newLatencyMetric(${name})
    const child = this.latency.labels(name);
    return { observe: (seconds) => child.observe(seconds) };
    // lab:end
  }

  newWorkDurationMetric(name: string): HistogramMetric {
    // lab:todo 7.1 newWorkDurationMetric(${name})
    const child = this.workDuration.labels(name);
    return { observe: (seconds) => child.observe(seconds) };
    // lab:end
  }

  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric {
    // lab:todo 7.1 newUnfinishedWorkSecondsMetric(${name})
    const child = this.unfinished.labels(name);
    return { set: (seconds) => child.set(seconds) };
    // lab:end
  }

  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric {
    // lab:todo 7.1 newLongestRunningProcessorSecondsMetric(${name})
    const child = this.longest.labels(name);
    return { set: (seconds) => child.set(seconds) };
    // lab:end
  }

  newRetriesMetric(name: string): CounterMetric {
    // lab:todo 7.1 newRetriesMetric(${name})
    const child = this.retries.labels(name);
    return { inc: () => child.inc() };
    // lab:end
  }
}
