import { AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { isConflict } from '@stage/00-common/api-errors.js';
import { adminCore, tokenKubeConfig } from '../harness/cluster.js';
import { serviceAccountKubeConfig } from './fixture.js';

/**
 * One permission, as the API server lists it: `verb group/resource[:name]`,
 * or `verb url` for a non-resource URL. A rule with several verbs, resources
 * or names is every combination of them.
 */
export type Permission = string;

/** What a token may do in `namespace`, asked of the API server itself (SelfSubjectRulesReview), one permission per entry. */
export async function permissionsOf(kc: KubeConfig, namespace: string): Promise<Set<Permission>> {
  const review = await kc.makeApiClient(AuthorizationV1Api).createSelfSubjectRulesReview({ body: { spec: { namespace } } });
  const status = review.status!;
  if (status.incomplete) throw new Error(`the API server could not list every rule in ${namespace}: ${status.evaluationError ?? 'incomplete'}`);
  const permissions = new Set<Permission>();
  for (const rule of status.resourceRules) {
    for (const group of rule.apiGroups ?? ['']) {
      for (const resource of rule.resources ?? []) {
        for (const name of rule.resourceNames?.length ? rule.resourceNames : ['']) {
          for (const verb of rule.verbs) permissions.add(`${verb} ${group ? `${group}/` : ''}${resource}${name ? `:${name}` : ''}`);
        }
      }
    }
  }
  for (const rule of status.nonResourceRules) for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) permissions.add(`${verb} ${url}`);
  return permissions;
}

/**
 * What the controller's ServiceAccount in `home` is granted in `namespace`
 * beyond what every ServiceAccount has (discovery, self-reviews): the
 * difference with a ServiceAccount that has no bindings at all.
 */
export async function grantedBeyondDefaults(home: string, namespace: string): Promise<Set<Permission>> {
  const nobody = 'nobody';
  await adminCore().createNamespacedServiceAccount({ namespace: home, body: { metadata: { name: nobody } } }).catch((error: unknown) => {
    if (!isConflict(error)) throw error;
  });
  const token = await adminCore().createNamespacedServiceAccountToken({ namespace: home, name: nobody, body: { spec: { expirationSeconds: 600 } } });
  const baseline = await permissionsOf(tokenKubeConfig(token.status?.token ?? ''), namespace);
  const granted = await permissionsOf(await serviceAccountKubeConfig(home), namespace);
  return new Set([...granted].filter((p) => !baseline.has(p)));
}
