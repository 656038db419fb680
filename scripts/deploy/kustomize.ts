import { loadAllYaml, type KubernetesObject } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The objects a kustomization builds to, in kustomize's order, as `kubectl kustomize` prints them. */
export function kustomizeBuild(kubectl: string, dir: string): KubernetesObject[] {
  if (!existsSync(join(dir, 'kustomization.yaml'))) throw new Error(`${dir} has no kustomization.yaml`);
  const result = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  if (result.error) throw new Error(`kubectl kustomize ${dir}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr.trim()}`);
  return (loadAllYaml(result.stdout) as (KubernetesObject | null)[]).filter((o): o is KubernetesObject => Boolean(o));
}

/** The overlay of a target's stage 8: `<target>/08-deploy/manifests/overlays/<name>`. */
export function overlayDir(targetDir: string, overlay: 'local' | 'kind' | 'monitoring'): string {
  return join(targetDir, '08-deploy', 'manifests', 'overlays', overlay);
}
