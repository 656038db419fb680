import type { KubernetesObject, V1ConfigMap, V1Deployment } from '@kubernetes/client-node';

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
 * `--prefix x` in args, or an env var they expand there (`--prefix=$(MIRROR_PREFIX)`),
 * given as a value or read from a ConfigMap among the objects (stage 6's prefix
 * parameter, which its admission policy reads too).
 */
export function setPrefix(objects: KubernetesObject[], prefix: string): void {
  const found = findPrefix(objects);
  if (found.configMap) {
    found.configMap.data = { ...found.configMap.data, [found.key]: prefix };
    // The pod reads the ConfigMap only when it starts: a changed prefix must roll the Deployment.
    const template = controllerDeployment(objects).spec!.template;
    template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, 'bare-controller.dev/prefix': prefix } };
  } else if (found.env) found.env.value = prefix;
  else if (found.inline) found.args[found.at] = `--prefix=${prefix}`;
  else found.args[found.at + 1] = prefix;
}

/** The prefix the manifests give the controller, wherever they keep it (see setPrefix); undefined when it cannot be told. */
export function prefixOf(objects: KubernetesObject[]): string | undefined {
  const found = findPrefix(objects);
  if (found.configMap) return found.configMap.data?.[found.key];
  if (found.env) return found.env.value;
  return found.inline ? found.args[found.at]!.slice('--prefix='.length) : found.args[found.at + 1];
}

function findPrefix(objects: KubernetesObject[]) {
  const deployment = controllerDeployment(objects);
  const container = deployment.spec!.template.spec!.containers[0]!;
  const args = container.args ?? [];
  const at = args.findIndex((a) => a === '--prefix' || a.startsWith('--prefix='));
  if (at < 0) throw new Error('the Deployment passes no --prefix to the controller');
  const inline = args[at]!.startsWith('--prefix=');
  const current = inline ? args[at]!.slice('--prefix='.length) : (args[at + 1] ?? '');
  const variable = /^\$\((\w+)\)$/.exec(current)?.[1];
  const env = variable ? container.env?.find((e) => e.name === variable) : undefined;
  const ref = env?.valueFrom?.configMapKeyRef;
  const configMap = ref
    ? (objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === ref.name && o.metadata?.namespace === deployment.metadata?.namespace) as V1ConfigMap | undefined)
    : undefined;
  if (ref && !configMap) throw new Error(`--prefix comes from ConfigMap ${ref.name}, which the manifests do not hold`);
  return { args, at, inline, env, configMap, key: ref?.key ?? '' };
}
