import { Registry } from 'prom-client';
import { describe, expect } from 'vitest';
import { TerminalError } from '@stage/04-reconcile/index.js';
import { ReconcileMetrics } from '@stage/07-metrics/index.js';
import { checkpoint } from '../harness/checkpoint.js';
import { FakeClock } from '../harness/fake-clock.js';
import { todo } from '../harness/look.js';

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };

/** Every sample of `metric` (a histogram's _bucket/_sum/_count by their names) as 'name{labels}' → value. */
async function samples(registry: Registry, metric: string): Promise<Record<string, number>> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === metric);
  const values = (found?.values ?? []) as Sample[];
  return Object.fromEntries(
    values.map((v) => [`${v.metricName ?? metric}{${Object.entries(v.labels).map(([k, l]) => `${k}="${l}"`).join(',')}}`, v.value]),
  );
}

/** controller-runtime's buckets for controller_runtime_reconcile_time_seconds (pkg/internal/controller/metrics). */
const controllerRuntimeBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
  1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];

describe('7 · Reconcile metrics as controller-runtime exports them', () => {
  checkpoint(
    'every series exists from the start, under controller-runtime\'s names and labels',
    {
      expect: 'before any reconcile: controller_runtime_reconcile_total{controller="c",result=…} 0 for success, error, requeue and requeue_after; controller_runtime_reconcile_errors_total{controller="c"} 0; controller_runtime_terminal_reconcile_errors_total{controller="c"} 0; controller_runtime_max_concurrent_reconciles{controller="c"} 3 (the workers, set — still 3 at a second scrape); controller_runtime_active_workers{controller="c"} 0; after one reconcile, controller_runtime_reconcile_time_seconds{controller="c"} with controller-runtime\'s 40 buckets (0.005 … 60)',
      look: todo('7.3'),
    },
    async () => {
      const registry = new Registry();
      const metrics = new ReconcileMetrics(registry, 'c', 3, new FakeClock());
      expect(await samples(registry, 'controller_runtime_reconcile_total'), 'controller_runtime_reconcile_total').toEqual({
        'controller_runtime_reconcile_total{controller="c",result="success"}': 0,
        'controller_runtime_reconcile_total{controller="c",result="error"}': 0,
        'controller_runtime_reconcile_total{controller="c",result="requeue"}': 0,
        'controller_runtime_reconcile_total{controller="c",result="requeue_after"}': 0,
      });
      expect(await samples(registry, 'controller_runtime_reconcile_errors_total'), 'controller_runtime_reconcile_errors_total').toEqual({ 'controller_runtime_reconcile_errors_total{controller="c"}': 0 });
      expect(await samples(registry, 'controller_runtime_terminal_reconcile_errors_total'), 'controller_runtime_terminal_reconcile_errors_total').toEqual({ 'controller_runtime_terminal_reconcile_errors_total{controller="c"}': 0 });
      for (const scrape of ['first', 'second']) {
        expect(await samples(registry, 'controller_runtime_max_concurrent_reconciles'), `controller_runtime_max_concurrent_reconciles at the ${scrape} scrape`).toEqual({ 'controller_runtime_max_concurrent_reconciles{controller="c"}': 3 });
      }
      expect(await samples(registry, 'controller_runtime_active_workers'), 'controller_runtime_active_workers').toEqual({ 'controller_runtime_active_workers{controller="c"}': 0 });
      await metrics.instrument(async () => undefined)('k'); // a histogram's series appears with its first observation, as in Go
      const histogram = (await registry.getMetricsAsJSON()).find((m) => m.name === 'controller_runtime_reconcile_time_seconds');
      expect(histogram?.type, 'controller_runtime_reconcile_time_seconds is a histogram').toBe('histogram');
      const les = ((histogram?.values ?? []) as Sample[]).filter((v) => v.metricName === 'controller_runtime_reconcile_time_seconds_bucket' && v.labels.controller === 'c').map((v) => v.labels.le);
      expect(les.filter((le) => le !== '+Inf').map(Number), 'the le values of controller_runtime_reconcile_time_seconds{controller="c"} after one reconcile').toEqual(controllerRuntimeBuckets);
    },
  );

  checkpoint(
    'instrument() counts each result, times every reconcile, tracks the workers in flight and passes errors on',
    {
      expect: 'two reconciles in flight → active_workers 2; one succeeds after 1.5 s (result="success" 1, time _sum 1.5, in bucket le="1.5" but not le="1.25"), one fails after 0.2 s (result="error" 1, errors_total 1, the error still thrown to the worker, also timed: _count 2); active_workers back to 0',
      look: todo('7.3', 'instrument'),
    },
    async () => {
      const registry = new Registry();
      const clock = new FakeClock();
      const metrics = new ReconcileMetrics(registry, 'c', 2, clock);
      const finish: Record<string, () => void> = {};
      const reconcile = metrics.instrument((key) => new Promise<void>((resolve, reject) => (finish[key] = () => (key === 'bad' ? reject(new Error('conflict')) : resolve()))));
      const good = reconcile('good');
      const bad = reconcile('bad');
      bad.catch(() => undefined);
      expect(await samples(registry, 'controller_runtime_active_workers'), 'two reconciles in flight').toEqual({ 'controller_runtime_active_workers{controller="c"}': 2 });
      clock.step(200);
      finish.bad!();
      await expect(bad, 'the failed reconcile: its error must reach the worker, which retries the key').rejects.toThrow('conflict');
      expect(await samples(registry, 'controller_runtime_active_workers'), 'one still in flight after the failure').toEqual({ 'controller_runtime_active_workers{controller="c"}': 1 });
      clock.step(1_300);
      finish.good!();
      await good;

      const total = await samples(registry, 'controller_runtime_reconcile_total');
      expect([total['controller_runtime_reconcile_total{controller="c",result="success"}'], total['controller_runtime_reconcile_total{controller="c",result="error"}']], 'reconcile_total [success, error]').toEqual([1, 1]);
      expect(await samples(registry, 'controller_runtime_reconcile_errors_total'), 'errors_total').toEqual({ 'controller_runtime_reconcile_errors_total{controller="c"}': 1 });
      expect(await samples(registry, 'controller_runtime_active_workers'), 'none in flight at the end').toEqual({ 'controller_runtime_active_workers{controller="c"}': 0 });
      const time = await samples(registry, 'controller_runtime_reconcile_time_seconds');
      const series = (suffix: string, le?: string) => time[`controller_runtime_reconcile_time_seconds_${suffix}{${le ? `le="${le}",` : ''}controller="c"}`] ?? time[`controller_runtime_reconcile_time_seconds_${suffix}{controller="c"${le ? `,le="${le}"` : ''}}`];
      expect(series('count'), 'reconcile_time_seconds_count: both reconciles, the failed one too').toBe(2);
      expect(series('sum'), 'reconcile_time_seconds_sum: 0.2 s + 1.5 s, in seconds').toBeCloseTo(1.7, 6);
      expect([series('bucket', '0.2'), series('bucket', '1.25'), series('bucket', '1.5')], 'cumulative buckets le="0.2", le="1.25", le="1.5"').toEqual([1, 1, 2]);
    },
  );

  checkpoint(
    'a reconcile that returns { requeueAfter } counts as result="requeue_after", and its Result reaches the worker',
    {
      expect: 'a reconcile returns { requeueAfter: 30 s } (stage 4\'s Result: come back then, no backoff): instrument() hands that Result back to the worker unchanged, and counts result="requeue_after" 1, not "success"; one returning nothing counts "success" 1',
      look: todo('7.3', 'instrument: the Result decides the result label'),
    },
    async () => {
      const registry = new Registry();
      const metrics = new ReconcileMetrics(registry, 'c', 1, new FakeClock());
      const returned = await metrics.instrument(async () => ({ requeueAfter: 30_000 }))('later');
      expect(returned, 'what instrument() hands back to the worker').toEqual({ requeueAfter: 30_000 });
      await metrics.instrument(async () => undefined)('done');
      const total = await samples(registry, 'controller_runtime_reconcile_total');
      expect(
        { requeue_after: total['controller_runtime_reconcile_total{controller="c",result="requeue_after"}'], success: total['controller_runtime_reconcile_total{controller="c",result="success"}'] },
        'reconcile_total by result',
      ).toEqual({ requeue_after: 1, success: 1 });
    },
  );

  checkpoint(
    'a TerminalError counts as an error and as a terminal error; a retryable error is not terminal',
    {
      expect: 'one reconcile throws TerminalError (stage 4: not retried), one throws an ordinary error, one throws an error whose cause is a TerminalError: both errors still reach the worker; reconcile_total{result="error"} 3, errors_total 3, terminal_reconcile_errors_total 2',
      look: todo('7.3', 'instrument: isTerminalError(error) also counts a terminal error'),
    },
    async () => {
      const registry = new Registry();
      const metrics = new ReconcileMetrics(registry, 'c', 1, new FakeClock());
      const failWith = (error: Error) => metrics.instrument(async () => {
        throw error;
      });
      await expect(failWith(new TerminalError('the source names a namespace that cannot exist'))('invalid'), 'a TerminalError still reaches the worker (it forgets the key)').rejects.toThrow('cannot exist');
      await expect(failWith(new Error('conflict'))('flaky'), 'an ordinary error reaches the worker (it retries)').rejects.toThrow('conflict');
      await expect(failWith(new Error('wrapped', { cause: new TerminalError('invalid') }))('wrapped'), 'an error caused by a TerminalError').rejects.toThrow('wrapped');
      const total = await samples(registry, 'controller_runtime_reconcile_total');
      expect(
        {
          error: total['controller_runtime_reconcile_total{controller="c",result="error"}'],
          errors: (await samples(registry, 'controller_runtime_reconcile_errors_total'))['controller_runtime_reconcile_errors_total{controller="c"}'],
          terminal: (await samples(registry, 'controller_runtime_terminal_reconcile_errors_total'))['controller_runtime_terminal_reconcile_errors_total{controller="c"}'],
        },
        'reconcile_total{result="error"}, errors_total and terminal_reconcile_errors_total',
      ).toEqual({ error: 3, errors: 3, terminal: 2 });
    },
  );
});
