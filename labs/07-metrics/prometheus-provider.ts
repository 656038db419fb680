import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { todo } from '../todo.js';
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
  constructor(readonly registry: Registry = new Registry()) {
    todo('7.1 PrometheusMetricsProvider: create the seven workqueue metrics in the registry');
  }

  newDepthMetric(name: string): GaugeMetric {
    return todo(`7.1 newDepthMetric(${name})`);
  }

  newAddsMetric(name: string): CounterMetric {
    return todo(`7.1 newAddsMetric(${name})`);
  }

  newLatencyMetric(name: string): HistogramMetric {
    return todo(`7.1 newLatencyMetric(${name})`);
  }

  newWorkDurationMetric(name: string): HistogramMetric {
    return todo(`7.1 newWorkDurationMetric(${name})`);
  }

  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric {
    return todo(`7.1 newUnfinishedWorkSecondsMetric(${name})`);
  }

  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric {
    return todo(`7.1 newLongestRunningProcessorSecondsMetric(${name})`);
  }

  newRetriesMetric(name: string): CounterMetric {
    return todo(`7.1 newRetriesMetric(${name})`);
  }
}
