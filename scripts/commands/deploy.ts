/**
 * npm run deploy — your controller, in a cluster, as a Deployment:
 * build the image from your code, put it on the cluster's node, apply the
 * kustomization, wait for the rollout, smoke-test mirroring, say how to look.
 *
 *   npm run deploy -- [--target labs|solutions|<folder>] [--prefix team-]
 *                     [--cluster local|kind|current] [--kind-name NAME] [--delete]
 */
// First: on native Windows, one sentence (WSL2 is the way) before anything else runs.
import '../supported-platform.js';
import { spawnSync } from 'node:child_process';
import type { Flags } from '../../solutions/00-common/flags.js';
import { prefixProblem } from '../../solutions/00-common/namespace-prefix.js';
import { sparesOwnNamespace } from '../../solutions/04-reconcile/config.js';
import type { Kubectl } from '../deploy/kubectl-apply.js';
import { kindConfigClusterName, kindContext, missingKindContext } from '../kind/cluster-name.js';
import { defineCommand, UsageError } from '../workbook/command.js';

/** Bad input found while deploying (no kubectl, manifests that do not build, a context that is not local): exit 2. */
class DeployInputError extends Error {}

const command = defineCommand({
  name: 'deploy',
  usage: ['npm run deploy -- [--target labs|solutions|<folder>] [--prefix team-] [--cluster local|kind|current] [--kind-name NAME] [--delete]'],
  about: 'Your controller, in a cluster, as a Deployment: builds the image from your code, puts it on the\ncluster\'s node, applies the kustomization, waits for the rollout and smoke-tests mirroring.',
  flags: {
    target: { type: 'string', value: '<folder>', help: 'whose controller: your labs/ (default), solutions/, or a folder laid out like labs/' },
    prefix: { type: 'string', value: '<p>', help: 'namespaces starting with this receive mirrors (default: what your manifests say)' },
    cluster: {
      type: 'string',
      value: '<where>',
      help: "local:   the workbook's own cluster with its node (started if not running; default)\nkind:    a kind cluster (kind create cluster --config kind-config.yaml)\ncurrent: your kubeconfig's current context (you push the image yourself)",
    },
    'kind-name': { type: 'string', value: '<name>', help: `the kind cluster's name (default: kind-config.yaml's, ${kindConfigClusterName()}); its context is kind-<name>` },
    delete: { type: 'boolean', help: 'remove everything the deploy created' },
  } as const satisfies Flags,
  inputErrors: [DeployInputError],
});
const { values } = command.parse();

// Read and checked: now the parts that take a moment to load.
const { KubeConfig } = await import('@kubernetes/client-node');
const { buildControllerImage, ImageInputError } = await import('../image/build-image.js');
const { findKubectl } = await import('../cluster/binaries.js');
const { devKubeconfigPath, runningDevCluster, startDevCluster } = await import('../cluster/dev-cluster.js');
const { looksLocal } = await import('../cluster/existing.js');
const { kubeconfigFiles } = await import('../cluster/unreachable.js');
const { loadDockerImage } = await import('../cluster/node/load-image.js');
const { nodeSupport } = await import('../cluster/node/prerequisites.js');
const { apply, kubeconfigOnDisk, remove } = await import('../deploy/kubectl-apply.js');
const { kustomizeBuild, overlayDir } = await import('../deploy/kustomize.js');
const { controllerDeployment, prefixOf, setImage, setPrefix } = await import('../deploy/overrides.js');
const { waitForRollout } = await import('../deploy/rollout.js');
const { smokeTest } = await import('../deploy/smoke.js');
const { resolveTarget } = await import('../workbook/target.js');
const { kindEnvironment } = await import('../kind/docker-shim.js');
const { kindCommand } = await import('../kind/kind-binary.js');
const say = (line: string) => process.stdout.write(`${line}\n`);

const options = await command.guard(() => {
  const cluster = values.cluster ?? 'local';
  if (!['local', 'kind', 'current'].includes(cluster)) throw new UsageError(`--cluster must be local, kind or current, not ${cluster}.`);
  // The controller's own rule: a prefix deploy accepts is one the controller starts with.
  const badPrefix = values.prefix === undefined ? undefined : prefixProblem(values.prefix);
  if (badPrefix) throw new UsageError(`--${badPrefix}.`);
  return { target: values.target ?? 'labs', prefix: values.prefix, cluster, kindName: values['kind-name'] ?? kindConfigClusterName(), delete: values.delete ?? false };
});

await command.run(async () => {
  try {
    await main();
  } catch (error) {
    // Not bad input: say that the deploy failed, then why.
    if (error instanceof ImageInputError) throw new UsageError(error.message);
    if (!(error instanceof DeployInputError)) throw new Error(`Deploy failed: ${(error as Error).message}`);
    throw error;
  }
});

/** The cluster to deploy to: its kubeconfig, and how images reach its nodes. */
async function chooseCluster(): Promise<{ kubeconfig: string; context: string; load: (image: string) => void; describe: string }> {
  if (options.cluster === 'local') {
    let dev = runningDevCluster();
    if (dev && !dev.info.capabilities.node) {
      throw new DeployInputError('The dev cluster runs without a node, so nothing can run pods there. Restart it with one: npm run cluster:down && npm run cluster:up -- --with-node');
    }
    if (!dev) {
      const support = nodeSupport();
      if (!support.ok) throw new DeployInputError(`The workbook's own node cannot run here: ${support.why}`);
      say('No dev cluster runs: starting one with a node (it stays up; npm run cluster:down stops it)…');
      dev = await startDevCluster({ withNode: true, log: say });
    }
    const node = dev.info.capabilities.node!;
    return { kubeconfig: dev.info.kubeconfig, context: 'the dev cluster', load: (image) => loadDockerImage(node, image), describe: `the dev cluster's node ${node.name} (KUBECONFIG=${devKubeconfigPath})` };
  }
  // client-node would otherwise fall back to localhost:8080 as a context named "loaded-context".
  if (kubeconfigFiles().length === 0) {
    throw new DeployInputError(`There is no kubeconfig (KUBECONFIG unset, no ~/.kube/config), so no ${options.cluster} cluster to deploy to: create one with kind create cluster --config kind-config.yaml, or deploy to the workbook's own with --cluster local.`);
  }
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const context = options.cluster === 'kind' ? kindContext(options.kindName) : kc.getCurrentContext();
  if (!kc.getContextObject(context)) {
    throw new DeployInputError(options.cluster === 'kind' ? missingKindContext(options.kindName, kc.getContexts().map((c) => c.name)) : 'Your kubeconfig has no current context.');
  }
  if (!looksLocal(context) && process.env.BARE_ALLOW_CONTEXT !== context) {
    throw new DeployInputError(`Refusing to deploy to context "${context}": it does not look like a local development cluster. If it is one you mean to change, say so: BARE_ALLOW_CONTEXT=${context}`);
  }
  kc.setCurrentContext(context);
  if (options.cluster === 'kind') {
    return {
      kubeconfig: kc.exportConfig(),
      context,
      load: (image) => {
        const result = spawnSync(kindCommand(), ['load', 'docker-image', image, '--name', options.kindName], { stdio: 'inherit', env: kindEnvironment(say) });
        if (result.error || result.status !== 0) throw new DeployInputError(`kind load docker-image ${image} failed${result.error ? ` (${result.error.message}: is kind installed?)` : ''}.`);
      },
      describe: `kind cluster ${options.kindName}`,
    };
  }
  return {
    kubeconfig: kc.exportConfig(),
    context,
    load: (image) => {
      throw new DeployInputError(
        `The workbook cannot put ${image} on the nodes of ${context}. Push it to a registry those nodes pull from ` +
          `(docker tag ${image} <registry>/mirror-controller:<tag> && docker push …), then apply the manifests with that image ` +
          '(kubectl kustomize … | kubectl apply -f -, with `kustomize edit set image`).',
      );
    },
    describe: `context ${context}`,
  };
}

async function main(): Promise<void> {
  let targetDir: string;
  try {
    targetDir = resolveTarget(options.target, '--target');
  } catch (error) {
    throw new DeployInputError((error as Error).message);
  }
  const binary = findKubectl();
  if (!binary) throw new DeployInputError('No kubectl: `npm run control-plane:build` builds one with the control plane.');
  const overlay = overlayDir(targetDir, options.cluster === 'kind' ? 'kind' : 'local');
  let objects;
  try {
    objects = kustomizeBuild(binary, overlay);
    controllerDeployment(objects);
  } catch (error) {
    throw new DeployInputError(`Your manifests do not build: ${(error as Error).message}`);
  }
  // A prefix matching the controller's own namespace would let it rewrite the parameter that confines it (stage 6).
  const ownNamespace = controllerDeployment(objects).metadata?.namespace ?? 'default';
  const takesOwnNamespace = prefixProblem(options.prefix ?? prefixOf(objects) ?? '', [sparesOwnNamespace(ownNamespace)]);
  if (takesOwnNamespace) throw new DeployInputError(`${takesOwnNamespace}.`);

  const cluster = await chooseCluster();
  const file = kubeconfigOnDisk(cluster.kubeconfig);
  const kubectl: Kubectl = { binary, kubeconfig: file.path };
  try {
    if (options.delete) {
      say(`Deleting what ${overlay} creates from ${cluster.describe}…`);
      remove(kubectl, [...objects].reverse());
      say('Deleted.');
      return;
    }
    const started = Date.now();
    say(`Building the image from ${targetDir}…`);
    const image = await buildControllerImage({ targetDir, log: say });
    say(`Image ${image.tag}: ${(image.sizeBytes / 1e6).toFixed(0)} MB, built in ${image.seconds.toFixed(1)}s`);
    say(`Loading it onto ${cluster.describe}…`);
    cluster.load(image.tag);
    setImage(objects, image.tag);
    if (options.prefix) setPrefix(objects, options.prefix);
    say(`Applying ${overlay} (server-side apply)…`);
    process.stdout.write(apply(kubectl, objects));
    const deployment = controllerDeployment(objects);
    const namespace = deployment.metadata!.namespace ?? 'default';
    const kc = new KubeConfig();
    kc.loadFromString(cluster.kubeconfig);
    await waitForRollout(kc, namespace, deployment.metadata!.name!, { timeoutMs: 180_000, onProgress: say });
    say(`Rolled out in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
    const prefix = options.prefix ?? prefixOf(objects) ?? 'team-';
    await smokeTest(kc, { prefix, log: say });
    const k = cluster.context === 'the dev cluster' ? 'npm run -s kubectl --' : 'kubectl';
    say(`
Your controller runs in ${cluster.describe}. Have a look:
  ${k} -n ${namespace} get pods,lease,pdb
  ${k} -n ${namespace} get lease mirror-controller -o jsonpath='{.spec.holderIdentity}'   # who leads
  ${k} -n ${namespace} logs deploy/${deployment.metadata!.name} | head                    # JSON lines
  # metrics of the leader (the Service reaches either pod, and only the leader works its queue), once the port-forward listens:
  leader=$(${k} -n ${namespace} get lease mirror-controller -o jsonpath='{.spec.holderIdentity}'); ${k} -n ${namespace} port-forward pod/$leader 8080 >/dev/null & until curl -sf localhost:8080/metrics >/dev/null; do sleep 0.2; done; curl -s localhost:8080/metrics | grep workqueue_; kill %1
  ${k} label configmap <name> mirror=true -n <namespace>                                    # make a source
Remove it all again: npm run deploy -- --delete${options.target === 'labs' ? '' : ` --target ${options.target}`}${options.cluster === 'local' ? '' : ` --cluster ${options.cluster}`}`);
  } finally {
    file.remove();
  }
}

