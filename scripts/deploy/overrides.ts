import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';

/** The controller's Deployment among the built objects; a clear error when there is none. */
export function controllerDeployment(objects: KubernetesObject[]): V1Deployment {
  const deployment = objects.find((o) => o.kind === 'Deployment') as V1Deployment | undefined;
  if (!deployment?.spec?.template.spec?.containers?.length) throw new Error('the manifests build no Deployment with a container');
  return deployment;
}

/** Runs the image just built (and loaded onto the nodes) instead of the placeholder. */
export function setImage(objects: KubernetesObject[], image: string): void {
  controllerDeployment(objects).spec!.template.spec!.containers[0]!.image = image;
}

/**
 * Sets the namespace prefix, wherever the manifests keep it: `--prefix=x` or
 * `--prefix x` in args, or an env var they expand there (`--prefix=$(MIRROR_PREFIX)`).
 */
export function setPrefix(objects: KubernetesObject[], prefix: string): void {
  const container = controllerDeployment(objects).spec!.template.spec!.containers[0]!;
  const args = container.args ?? [];
  const at = args.findIndex((a) => a === '--prefix' || a.startsWith('--prefix='));
  if (at < 0) throw new Error('the Deployment passes no --prefix to the controller');
  const inline = args[at]!.startsWith('--prefix=');
  const current = inline ? args[at]!.slice('--prefix='.length) : (args[at + 1] ?? '');
  const variable = /^\$\((\w+)\)$/.exec(current)?.[1];
  const env = variable ? container.env?.find((e) => e.name === variable) : undefined;
  if (env) env.value = prefix;
  else if (inline) args[at] = `--prefix=${prefix}`;
  else args[at + 1] = prefix;
}
