import type { V1Container, V1Deployment, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect } from 'vitest';
import { loadManifests } from '@stage/06-rbac/index.js';
import { apply } from '../../scripts/deploy/kubectl-apply.js';
import { controllerDeployment, prefixOf } from '../../scripts/deploy/overrides.js';
import { policyScopeLabel, relocate } from '../06-rbac/fixture.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminCore, clusterInfo, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { adminKubectl, built } from './fixture.js';

const stage6Kinds = new Set(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);

/** Objects as comparable data: no undefined fields, sorted by kind and name. */
function normalized(objects: { kind?: string; metadata?: { name?: string } }[]): unknown[] {
  return objects
    .map((o) => JSON.parse(JSON.stringify(o)) as { kind?: string; metadata?: { name?: string } })
    .sort((a, b) => `${a.kind}/${a.metadata?.name}`.localeCompare(`${b.kind}/${b.metadata?.name}`));
}

function container(deployment: V1Deployment): V1Container {
  return deployment.spec!.template.spec!.containers[0]!;
}

/** The value of `--flag=v` or `--flag v`, with `$(VAR)` resolved from the container's env. */
function flagValue(c: V1Container, flag: string): { raw?: string; fieldPath?: string; value?: string } {
  const args = c.args ?? [];
  const at = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (at < 0) return {};
  const raw = args[at]!.startsWith(`${flag}=`) ? args[at]!.slice(flag.length + 1) : args[at + 1];
  const variable = /^\$\((\w+)\)$/.exec(raw ?? '')?.[1];
  const env = variable ? c.env?.find((e) => e.name === variable) : undefined;
  return { raw, fieldPath: env?.valueFrom?.fieldRef?.fieldPath, value: env ? env.value : raw };
}


describe('8 · The manifests: kustomize, Pod Security, probes, identity', () => {
  checkpoint(
    'the overlays build, every object passes server-side dry-run, Pod Security "restricted" admits the pod, and the RBAC is exactly stage 6\'s',
    {
      expect: 'kubectl kustomize builds overlays/local, kind and monitoring; the API server accepts every object with --dry-run=server; a Pod made from the Deployment\'s template is admitted in a namespace enforcing Pod Security "restricted"; the ServiceAccount, roles, bindings and admission policy are stage 6\'s, unchanged',
      look: todo('8.5', 'the securityContext; manifests/base/kustomization.yaml reuses ../../../06-rbac'),
    },
    async () => {
      const objects = built('local');
      built('kind');
      built('monitoring');
      const namespaceObject = objects.find((o) => o.kind === 'Namespace');
      expect(namespaceObject?.metadata?.labels?.['pod-security.kubernetes.io/enforce'], 'the Namespace enforces Pod Security "restricted"').toBe('restricted');

      const fromStage6 = [...loadManifests('rbac'), ...loadManifests('policy')];
      const inOverlay = objects.filter((o) => stage6Kinds.has(o.kind ?? ''));
      expect(isDeepStrictEqual(normalized(inOverlay), normalized(fromStage6)), `the overlay's RBAC and policy differ from stage 6's rbac.yaml and policy.yaml: reuse them (../../../06-rbac), do not copy or change them`).toBe(true);

      const suffix = `${clusterInfo().runId}-dry`;
      const namespace = await testNamespace('deploy-dry', { labels: { ...namespaceObject?.metadata?.labels, [policyScopeLabel]: suffix } });
      const relocated = relocate(objects.filter((o) => o.kind !== 'Namespace'), namespace, suffix);
      apply(adminKubectl(), relocated, { dryRun: true });

      // Pod Security is enforced on Pods, not on Deployments (there it only warns): ask about the Pod itself.
      const deployment = controllerDeployment(relocated);
      await adminCore().createNamespacedServiceAccount({ namespace, body: { metadata: { name: deployment.spec!.template.spec!.serviceAccountName ?? 'default' } } }).catch(() => undefined);
      const pod: V1Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod-security-check', namespace }, spec: deployment.spec!.template.spec };
      try {
        await adminCore().createNamespacedPod({ namespace, body: pod, dryRun: 'All' });
      } catch (error) {
        const body = (error as { body?: string }).body;
        const message = body ? ((JSON.parse(body) as { message?: string }).message ?? body) : (error as Error).message;
        throw new Error(`the API server refused the controller's Pod: ${message}`);
      }
    },
    120_000,
  );

  checkpoint(
    'the probes ask /livez (liveness) and /readyz (readiness) on the port main.ts serves',
    {
      expect: 'livenessProbe.httpGet.path /livez (Kubernetes components\' liveness path; /healthz is its older name) and readinessProbe.httpGet.path /readyz, on a port (by name or number) that is the containerPort main.ts serves its probes on (--health-probe-bind-address, :8081 by default; /metrics is on another port)',
      look: todo('8.4'),
    },
    () => {
      const c = container(controllerDeployment(built('local')));
      const served = Number(/:(\d+)$/.exec(flagValue(c, '--health-probe-bind-address').value ?? ':8081')?.[1]);
      const portOf = (port: string | number | undefined) => (typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort);
      expect(c.livenessProbe?.httpGet?.path, 'the liveness probe\'s path').toBe('/livez');
      expect(c.readinessProbe?.httpGet?.path, 'the readiness probe\'s path').toBe('/readyz');
      expect(portOf(c.livenessProbe?.httpGet?.port as string | number | undefined), 'the liveness probe\'s port').toBe(served);
      expect(portOf(c.readinessProbe?.httpGet?.port as string | number | undefined), 'the readiness probe\'s port').toBe(served);
    },
  );

  checkpoint(
    'each replica campaigns under its own pod name (the downward API), with the prefix passed on',
    {
      expect: 'args carry --identity=$(VAR) where VAR comes from fieldRef metadata.name, and --prefix (so two replicas are two candidates, and the Lease\'s holder names a pod)',
      look: todo('8.3'),
    },
    () => {
      const objects = built('local');
      const c = container(controllerDeployment(objects));
      expect(flagValue(c, '--identity').fieldPath, '--identity comes from the pod\'s metadata.name').toBe('metadata.name');
      expect(prefixOf(objects), '--prefix has a value').toBeTruthy();
    },
  );
  checkpoint(
    'a PodDisruptionBudget lets a drain evict one replica at a time and always keeps one running',
    {
      expect: 'a policy/v1 PodDisruptionBudget whose selector matches the Deployment\'s pods, allowing at least one and at most replicas − 1 of them to be evicted at once (minAvailable 1, or maxUnavailable 1, for 2 replicas)',
      look: todo('8.6'),
    },
    () => {
      const objects = built('local');
      const deployment = controllerDeployment(objects);
      const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget') as V1PodDisruptionBudget | undefined;
      expect(pdb, 'a PodDisruptionBudget among the built objects').toBeDefined();
      const podLabels = deployment.spec!.template.metadata?.labels ?? {};
      const selector = Object.entries(pdb!.spec?.selector?.matchLabels ?? {});
      expect(selector.length > 0 && selector.every(([key, value]) => podLabels[key] === value), 'its selector matches the controller\'s pods').toBe(true);
      const replicas = deployment.spec!.replicas ?? 1;
      // Kubernetes rounds a percentage up, for minAvailable and maxUnavailable alike.
      const count = (value: number | string | undefined) => (typeof value === 'string' && value.endsWith('%') ? Math.ceil((replicas * Number(value.slice(0, -1))) / 100) : Number(value));
      const evictable = pdb!.spec?.minAvailable !== undefined ? replicas - count(pdb!.spec.minAvailable) : count(pdb!.spec?.maxUnavailable);
      expect(evictable, 'replicas a drain may evict at once (0 would block every drain)').toBeGreaterThanOrEqual(1);
      expect(replicas - evictable, 'replicas that keep running during a drain').toBeGreaterThanOrEqual(1);
    },
  );
});
