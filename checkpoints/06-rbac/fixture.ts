import { AuthorizationV1Api, type KubeConfig, KubernetesObjectApi, type KubernetesObject, type V1ResourceAttributes } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { statusBodyOf, statusOf } from '@stage/00-common/api-errors.js';
import { homeNamespace, loadManifests, manifestFiles, serviceAccountName } from '@stage/06-rbac/index.js';
import { adminCore, adminKubeConfig, clusterInfo, tokenKubeConfig } from '../harness/cluster.js';
import { waitFor } from '../harness/wait.js';

type Manifest = KubernetesObject & { [field: string]: unknown };

const clusterScoped = new Set(['ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);

/** Loads rbac.yaml or policy.yaml and says plainly which of the expected kinds are missing. */
export function manifests(file: 'rbac' | 'policy' | 'prefixParam', expected: string[]): Manifest[] {
  const objects = loadManifests(file) as Manifest[];
  const kinds = objects.map((o) => o.kind);
  const missing = expected.filter((kind) => !kinds.includes(kind));
  if (missing.length) throw new Error(`${manifestFiles[file]} has no ${missing.join(', ')} (it has: ${kinds.join(', ') || 'nothing'})`);
  return objects;
}

/**
 * The manifests name the controller's home namespace `bare-controller`. A test
 * moves them into its own namespace and gives cluster-scoped objects a unique
 * suffix, so tests never share (or leave behind) a ClusterRole or a policy.
 * A policy binding is limited to namespaces labelled for this test, unless
 * its policy's matchConditions admit only the (relocated) ServiceAccount; a
 * binding's paramRef follows the parameter into the test's namespace.
 */
export function relocate(objects: Manifest[], namespace: string, suffix: string): Manifest[] {
  const username = (ns: string) => `system:serviceaccount:${ns}:${serviceAccountName}`;
  // A policy whose matchConditions name this test's ServiceAccount judges only its requests:
  // it needs no namespace fence, and must not have one (it is about every namespace).
  const onlyForTheServiceAccount = new Set(
    objects
      .filter((o) => o.kind === 'ValidatingAdmissionPolicy' && JSON.stringify((o.spec as { matchConditions?: unknown })?.matchConditions ?? []).includes(username(homeNamespace)))
      .map((o) => o.metadata?.name),
  );
  return objects.map((original) => {
    const text = JSON.stringify(original).replaceAll(username(homeNamespace), username(namespace));
    const o = JSON.parse(text) as Manifest & { metadata: { name: string; namespace?: string } };
    if (clusterScoped.has(o.kind!)) o.metadata.name = `${o.metadata.name}-${suffix}`;
    else o.metadata.namespace = namespace;
    const subjects = o.subjects as { namespace?: string }[] | undefined;
    for (const subject of subjects ?? []) if (subject.namespace === homeNamespace) subject.namespace = namespace;
    const roleRef = o.roleRef as { kind: string; name: string } | undefined;
    if (roleRef?.kind === 'ClusterRole') roleRef.name = `${roleRef.name}-${suffix}`;
    if (o.kind === 'ValidatingAdmissionPolicyBinding') {
      const spec = o.spec as { policyName: string; matchResources?: Record<string, unknown>; paramRef?: { namespace?: string } };
      if (!onlyForTheServiceAccount.has(spec.policyName)) spec.matchResources = { ...spec.matchResources, namespaceSelector: { matchLabels: { [policyScopeLabel]: suffix } } };
      spec.policyName = `${spec.policyName}-${suffix}`;
      if (spec.paramRef?.namespace === homeNamespace) spec.paramRef.namespace = namespace;
    }
    return o;
  });
}

export const policyScopeLabel = 'bare-controller.dev/policy-test';

/** Creates the objects as admin; cluster-scoped ones are deleted when the test ends. */
export async function apply(objects: Manifest[]): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(adminKubeConfig());
  for (const object of objects) {
    await api.create(object);
    if (clusterScoped.has(object.kind!)) onTestFinished(async () => void (await api.delete(object).catch(() => undefined)));
  }
}

/** Unique per test, and naming the run, so a cluster-scoped leftover is easy to trace (and delete). */
export const suffix = () => `${clusterInfo().runId}-${randomBytes(2).toString('hex')}`;

/** A kubeconfig that authenticates as the ServiceAccount, with a token from the TokenRequest API. */
export async function serviceAccountKubeConfig(namespace: string): Promise<KubeConfig> {
  const request = await adminCore().createNamespacedServiceAccountToken({ namespace, name: serviceAccountName, body: { spec: { expirationSeconds: 3600 } } });
  return tokenKubeConfig(request.status?.token ?? '');
}

/** Asks the API server (SubjectAccessReview): may the controller's ServiceAccount do this? */
export async function mayDo(namespace: string, attributes: V1ResourceAttributes): Promise<boolean> {
  const review = await adminKubeConfig()
    .makeApiClient(AuthorizationV1Api)
    .createSubjectAccessReview({ body: { spec: { user: `system:serviceaccount:${namespace}:${serviceAccountName}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'], resourceAttributes: attributes } } });
  return review.status?.allowed === true;
}

export const describeAttributes = (a: V1ResourceAttributes) =>
  `${a.verb} ${a.group ? `${a.group}/` : ''}${a.resource}${a.name ? ` ${a.name}` : ''}${a.namespace ? ` in ${a.namespace}` : ' (all namespaces)'}`;

/** The prefix parameter (prefix-param.yaml), moved into `namespace`, holding `prefix`. */
export function prefixParam(namespace: string, prefix: string): Manifest[] {
  const params = relocate(manifests('prefixParam', ['ConfigMap']), namespace, 'param');
  for (const param of params) param.data = { ...(param.data as Record<string, string> | undefined), prefix };
  return params;
}

export type Attempt = { allowed: true } | { allowed: false; code?: number; message: string };

/** Runs one write and says whether the API server let it through, and if not, with which status and message. */
export async function attempt(call: () => Promise<unknown>): Promise<Attempt> {
  try {
    await call();
    return { allowed: true };
  } catch (error) {
    // No status: the request got no answer, which says nothing about the policy.
    const code = statusOf(error);
    if (code === undefined) throw error;
    const { body } = error as { body?: unknown };
    const message = statusBodyOf(error)?.message ?? (typeof body === 'string' ? body : JSON.stringify(body ?? ''));
    return { allowed: false, code, message };
  }
}

/**
 * Waits until the API server enforces the admission policies this test has
 * applied so far. A new policy reaches the admission chain a moment after it
 * is stored, so a test cannot tell "not loaded yet" from "lets it through".
 * The canary tells them apart: a policy and binding of the checkpoint's own,
 * written after the learner's, refusing one ConfigMap name in `namespace`
 * (labelled policyScopeLabel=`id`). The API server loads policies and
 * bindings from watches, in the order they were written: once the canary
 * refuses, the learner's policies are loaded too, and a write they let
 * through is let through for good.
 */
export async function awaitPoliciesInForce(namespace: string, id: string): Promise<void> {
  const name = `bare-controller-canary-${id}`;
  const refusedName = 'policy-canary';
  await apply([
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }] },
        validations: [{ expression: `object.metadata.name != '${refusedName}'`, message: 'the checkpoint\'s canary policy is in force' }],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: { policyName: name, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { [policyScopeLabel]: id } } } },
    },
  ]);
  const core = adminCore();
  await waitFor('the API server to enforce this test\'s admission policies (a canary policy applied after yours)', async () => {
    const outcome = await attempt(() => core.createNamespacedConfigMap({ namespace, body: { metadata: { name: refusedName } } }));
    if (outcome.allowed) await core.deleteNamespacedConfigMap({ namespace, name: refusedName });
    return !outcome.allowed;
  }, { timeoutMs: 15_000, intervalMs: 100 });
}

/** How long a policy that is in force (see awaitPoliciesInForce) gets to refuse: a margin, not a wait for loading. */
export const inForceMarginMs = 3_000;
