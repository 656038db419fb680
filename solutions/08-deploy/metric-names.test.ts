import { loadAllYaml } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { metricNamesIn, monitoringQueries, referencedMetricNames } from './metric-names.js';

describe('metric names referenced by the monitoring overlay', () => {
  it('finds every metric the alerts and the dashboard use, as base names, without Prometheus’s own', () => {
    expect(referencedMetricNames()).toEqual([
      'leader_election_master_status',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'workqueue_adds_total',
      'workqueue_depth',
      'workqueue_longest_running_processor_seconds',
      'workqueue_queue_duration_seconds',
      'workqueue_retries_total',
      'workqueue_unfinished_work_seconds',
      'workqueue_work_duration_seconds',
    ]);
  });

  it('reads queries from both files, and each names at least one metric', () => {
    const queries = monitoringQueries();
    expect(new Set(queries.map((q) => q.file)).size).toBe(2);
    expect(queries.find((q) => q.where === 'MirrorControllerDown')?.expr).toContain('up{');
    for (const q of queries) expect(metricNamesIn(q.expr), `${q.file}: ${q.where}`).not.toEqual([]);
  });

  it('skips labels, strings, ranges, functions, aggregations and Grafana variables; maps histogram series to the histogram', () => {
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le, name) (rate(a_seconds_bucket{job="x", name=~"m.*"}[$__rate_interval])))')).toEqual(['a_seconds']);
    expect(metricNamesIn('sum without (pod) (b_total offset 5m) / on (ns) group_left (node) c_count > bool 1e3')).toEqual(['b_total', 'c']);
    expect(metricNamesIn('max(d) == 0 or absent(d{job="y"}) unless min_over_time(sum(e)[15m:1m]) > 220 * 1024')).toEqual(['d', 'e']);
  });
});

const hasKubectl = !spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).error;
if (!hasKubectl) console.log('metric-names.test.ts: skipping the kustomize builds — no kubectl on PATH');

type Built = { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: Record<string, unknown> };

function build(dir: string): Built[] {
  const path = fileURLToPath(new URL(`../../${dir}`, import.meta.url));
  const result = spawnSync('kubectl', ['kustomize', path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`);
  return loadAllYaml(result.stdout) as Built[];
}

const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);

describe.skipIf(!hasKubectl).each(['solutions', 'labs'])('kubectl kustomize %s/08-deploy/manifests', (target) => {
  it.each(['base', 'overlays/local', 'overlays/kind', 'overlays/monitoring'])('%s builds: stage 6 included, namespaced objects in bare-controller, cluster-scoped ones in none', (dir) => {
    const objects = build(`${target}/08-deploy/manifests/${dir}`);
    const kinds = objects.map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Namespace', 'ServiceAccount', 'Deployment', 'Service']));
    for (const o of objects) {
      const where = `${o.kind}/${o.metadata?.name}`;
      if (clusterScoped.has(o.kind!)) expect(o.metadata?.namespace, where).toBeUndefined();
      else expect(o.metadata?.namespace, where).toBe('bare-controller');
    }
    if (dir === 'overlays/monitoring') expect(kinds).toEqual(expect.arrayContaining(['ServiceMonitor', 'PrometheusRule', 'ConfigMap']));
  });
});

describe.skipIf(!hasKubectl)('the reference Deployment', () => {
  it('takes its identity and lease namespace from the downward API, probes the port main listens on, and is restricted', () => {
    const deployment = build('solutions/08-deploy/manifests/overlays/local').find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { securityContext: Record<string, unknown>; containers: Container[] } } };
    };
    const container = deployment.spec.template.spec.containers[0]!;
    expect(container.args).toEqual(expect.arrayContaining(['--identity=$(POD_NAME)', '--lease-namespace=$(POD_NAMESPACE)', '--metrics-bind-address=:8080', '--health-probe-bind-address=:8081']));
    expect(container.ports).toContainEqual(expect.objectContaining({ name: 'http-metrics', containerPort: 8080 }));
    expect(container.ports).toContainEqual(expect.objectContaining({ name: 'http-probes', containerPort: 8081 }));
    expect(container.livenessProbe?.httpGet).toMatchObject({ path: '/livez', port: 'http-probes' });
    expect(container.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http-probes' });
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('is not given away by the skeleton: no args, probes or securityContext in labs/', () => {
    const deployment = build('labs/08-deploy/manifests/base').find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { securityContext?: unknown; containers: Container[] } } };
    };
    const container = deployment.spec.template.spec.containers[0]!;
    expect([container.args, container.livenessProbe, container.readinessProbe, container.securityContext, deployment.spec.template.spec.securityContext]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

interface Container {
  args?: string[];
  ports?: { name?: string; containerPort?: number }[];
  livenessProbe?: { httpGet?: unknown };
  readinessProbe?: { httpGet?: unknown };
  securityContext?: unknown;
}
