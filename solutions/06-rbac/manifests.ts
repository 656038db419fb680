import { loadYaml, type KubernetesObject } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** This stage's manifests, as written for the controller's home namespace `bare-controller`. */
export const manifestFiles = { rbac: 'rbac.yaml', policy: 'policy.yaml', prefixParam: 'prefix-param.yaml' } as const;
export const homeNamespace = 'bare-controller';
export const serviceAccountName = 'mirror-controller';
/** The ConfigMap holding the controller's prefix: the prefix policy's parameter, and stage 8's --prefix. */
export const prefixParamName = 'mirror-controller-prefix';

/**
 * The objects in one of this stage's YAML files (next to this module), in
 * file order. Documents holding only comments (a skeleton's TODOs) are
 * skipped; a document that does not parse is an error naming the file and
 * the document's number.
 */
export function loadManifests(file: keyof typeof manifestFiles): KubernetesObject[] {
  const name = manifestFiles[file];
  const text = readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8');
  const objects: KubernetesObject[] = [];
  for (const [index, document] of text.split(/^---\s*$/m).entries()) {
    if (!document.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'))) continue;
    try {
      objects.push(loadYaml<KubernetesObject>(document));
    } catch (error) {
      throw new Error(`${name}, document ${index + 1}: ${(error as Error).message}`);
    }
  }
  return objects;
}
