import { AppsV1Api, CoordinationV1Api, CoreV1Api, KubernetesObjectApi, type KubeConfig, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import { onTestFinished, type TestContext } from 'vitest';
import { findKubectl } from '../../scripts/cluster/binaries.js';
import { loadDockerImage } from '../../scripts/cluster/node/load-image.js';
import { kubeconfigOnDisk, apply, type Kubectl } from '../../scripts/deploy/kubectl-apply.js';
import { kustomizeBuild, overlayDir } from '../../scripts/deploy/kustomize.js';
import { controllerDeployment, setImage, setPrefix } from '../../scripts/deploy/overrides.js';
import { waitForRollout } from '../../scripts/deploy/rollout.js';
import { dockerStatus } from '../../scripts/docker/status.js';
import { buildControllerImage, type BuiltImage } from '../../scripts/image/build-image.js';
import { resolveTarget } from '../../scripts/workbook/target.js';
import { relocate, policyScopeLabel } from '../06-rbac/fixture.js';
import { skipBecause } from '../harness/checkpoint.js';
import { adminCore, adminKubeConfig, clusterInfo, runPrefix } from '../harness/cluster.js';
import type { NodeInfo } from '../../scripts/cluster/types.js';

type Manifest = KubernetesObject & { [field: string]: unknown };

/** Runs once, shares its result (or its error) with every later caller: one build, one deploy per file. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= make());
}

/** Progress of the build and rollout, without Docker's step-by-step output (indented), which would bury the results. */
const log = (line: string) => {
  if (!/^\[image\]\s{2,}/.test(line)) process.stderr.write(`${line}\n`);
};

export function kubectlBinary(): string {
  const binary = findKubectl();
  if (!binary) throw new Error('no kubectl: `npm run control-plane:build` builds one with the control plane');
  return binary;
}

/** The target's overlay as kustomize builds it. */
export function built(overlay: 'local' | 'kind' | 'monitoring' = 'local'): Manifest[] {
  return kustomizeBuild(kubectlBinary(), overlayDir(resolveTarget(), overlay)) as Manifest[];
}

/** kubectl as the run's admin, for the checkpoint that asks: its kubeconfig file goes when that checkpoint ends. */
export function adminKubectl(): Kubectl {
  const file = kubeconfigOnDisk(clusterInfo().kubeconfig);
  // Not at process exit: a test worker is stopped by a signal, and 'exit' never comes (83 folders left in a day).
  onTestFinished(file.remove);
  return { binary: kubectlBinary(), kubeconfig: file.path };
}

/** Asked once per file: every checkpoint that needs Docker gives the same reason. */
const dockerHere = once(() => dockerStatus());

/** Docker is needed to build the image; without it the checkpoint says why and what to do (and in CI, fails). */
export async function requireDocker(context: TestContext): Promise<void> {
  const status = await dockerHere();
  if (status.usable) return;
  if (process.env.CI === 'true') throw new Error(`CI must build the stage 8 image, but ${status.why}`);
  skipBecause(context, `needs Docker to build your image: ${status.why}`);
}

/** The learner's controller image, built once per run from the target folder. */
export const controllerImage: () => Promise<BuiltImage> = once(() => buildControllerImage({ targetDir: resolveTarget(), log }));

export const leaseName = 'mirror-controller';

export interface Deployment {
  namespace: string;
  /** Namespaces starting with this receive mirrors. */
  prefix: string;
  image: BuiltImage;
  /** The name of the Deployment and of its metrics Service. */
  deploymentName: string;
  serviceName: string;
  selector: string;
}

/**
 * The target's overlays/local, deployed onto the node as `npm run deploy`
 * would, but into this run's own namespace (stage 6's `relocate`), with a
 * prefix only this run's namespaces have, so nothing else in the cluster is
 * touched. Cluster-scoped objects are removed by `removeDeployment`.
 */
const cleanups: (() => Promise<void>)[] = [];
export const deployed: (node: NodeInfo) => Promise<Deployment> = (() => {
  let result: Promise<Deployment> | undefined;
  return (node: NodeInfo) => (result ??= deploy(node));
})();

async function deploy(node: NodeInfo): Promise<Deployment> {
  const image = await controllerImage();
  loadDockerImage(node, image.tag);
  const objects = built('local');
  const namespaceObject = objects.find((o) => o.kind === 'Namespace');
  const suffix = `${clusterInfo().runId}-deploy`;
  const namespace = `${runPrefix()}deploy`;
  const core = adminCore();
  await core.createNamespace({
    body: { metadata: { name: namespace, labels: { ...namespaceObject?.metadata?.labels, 'bare-controller/run': clusterInfo().runId, [policyScopeLabel]: suffix } } },
  });
  const rest = relocate(objects.filter((o) => o.kind !== 'Namespace'), namespace, suffix);
  const prefix = `${runPrefix()}t8-`;
  setImage(rest, image.tag);
  setPrefix(rest, prefix);
  probeReadinessEverySecond(rest);
  const api = KubernetesObjectApi.makeApiClient(adminKubeConfig());
  cleanups.push(async () => {
    for (const o of rest.filter((o) => !o.metadata?.namespace)) await api.delete(o).catch(() => undefined);
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });
  apply(adminKubectl(), rest);
  const deployment = controllerDeployment(rest);
  const service = rest.find((o) => o.kind === 'Service');
  await waitForRollout(adminKubeConfig(), namespace, deployment.metadata!.name!, { timeoutMs: 120_000, onProgress: log });
  const selector = Object.entries(deployment.spec!.selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  return { namespace, prefix, image, deploymentName: deployment.metadata!.name!, serviceName: service?.metadata?.name ?? '', selector };
}

/**
 * Rollouts wait for each new pod's readiness probe; with the manifests' period (5 s) a pod that is
 * not ready at its first probe counts as ready only 5 s later. The checkpoints look at what the
 * rollouts do, not at how often the kubelet asks: here it asks every second (path, port, delay and
 * thresholds stay as written; the probes' settings are checked apart, in 1-manifests).
 */
function probeReadinessEverySecond(objects: KubernetesObject[]): void {
  for (const container of controllerDeployment(objects).spec!.template.spec!.containers) {
    const probe = container.readinessProbe;
    if (probe) probe.periodSeconds = Math.min(probe.periodSeconds ?? 10, 1);
  }
}

export async function removeDeployment(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export function apis(kc: KubeConfig = adminKubeConfig()) {
  return { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api), coordination: kc.makeApiClient(CoordinationV1Api) };
}

/** The Lease's holder ('' when released or absent). */
export async function leaseHolder(namespace: string): Promise<string> {
  const lease = await apis().coordination.readNamespacedLease({ namespace, name: leaseName }).catch(() => undefined);
  return lease?.spec?.holderIdentity ?? '';
}

export async function runningPods(d: Deployment): Promise<V1Pod[]> {
  const pods = await apis().core.listNamespacedPod({ namespace: d.namespace, labelSelector: d.selector });
  return pods.items.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
}

export function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
