/**
 * npm run kind -- image    build kind (Go module) and a kind node image here, with no registry
 * npm run kind -- up       that, then the cluster kind-config.yaml describes (context kind-bare-controller)
 * npm run kind -- down     delete it
 * npm run kind -- prove    up; the stages' checkpoints on it; npm run deploy -- --cluster kind; down
 *
 * With a registry, plain `kind create cluster --config kind-config.yaml` does the
 * same with kind's public node image; this is the offline path, proven here.
 */
import type { Flags } from '../../solutions/00-common/flags.js';
import { kindConfigClusterName, kindContext } from '../kind/cluster-name.js';
import { defineCommand } from '../workbook/command.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const subcommands = ['image', 'up', 'down', 'prove'];

const cli = defineCommand({
  name: 'kind',
  usage: [
    'npm run kind -- image    build kind (go install sigs.k8s.io/kind) and a kind node image here, with no registry',
    "                         (Debian by debootstrap and the workbook's own Kubernetes build; root, Docker)",
    'npm run kind -- up       that, then kind create cluster --config kind-config.yaml with it',
    `npm run kind -- down     kind delete cluster --name ${kindConfigClusterName()}`,
    'npm run kind -- prove    up; BARE_CLUSTER=kubeconfig npm run solution -- N for each stage;',
    '                         npm run deploy -- --cluster kind (and --delete); down. Times each step.',
  ],
  flags: {
    stages: { type: 'string', value: '<1,2,…>', help: 'prove: which stages (default 1,2,3,4,5,6,7; stage 8 is proven by the deploy)' },
    image: { type: 'string', value: '<ref>', help: 'up, prove: a node image you have (e.g. kindest/node) instead of building one' },
  } as const satisfies Flags,
  positionals: true,
});
const { values, positionals } = cli.parse();
const [command, extra] = positionals;
if (!command || !subcommands.includes(command)) cli.refuse(`Say what to do: ${subcommands.join(', ')}.`);
if (extra !== undefined) cli.refuse(`Unexpected argument ${extra}.`);
const stages = (values.stages ?? '1,2,3,4,5,6,7').split(',').map((s) => s.trim());
const badStage = stages.find((s) => !/^[1-8]$/.test(s));
if (badStage !== undefined) cli.refuse(`--stages takes stage numbers 1 to 8 separated by commas, not "${badStage}".`);

const { createKindCluster, deleteKindCluster, kindClusterExists, runShown } = await import('../kind/cluster.js');
const { ensureKind } = await import('../kind/kind-binary.js');
const { ensureNodeImage } = await import('../kind/node-image.js');

const times: [string, number][] = [];
async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  times.push([what, (performance.now() - started) / 1000]);
  return result;
}

async function up(): Promise<void> {
  await timed('kind binary', () => ensureKind(say));
  const image = values.image ?? (await timed('node image', () => ensureNodeImage(say))).image;
  if (kindClusterExists()) {
    say(`[kind] a cluster ${kindConfigClusterName()} exists already: deleting it first, so the run starts clean`);
    await deleteKindCluster(say);
  }
  await timed('kind create cluster', () => createKindCluster({ image, localImage: !values.image, log: say }));
}

try {
  switch (command) {
    case 'image':
      await timed('kind binary', () => ensureKind(say));
      await timed('node image', () => ensureNodeImage(say));
      break;
    case 'up':
      await up();
      say(`Use it: BARE_CLUSTER=kubeconfig BARE_CONTEXT=${kindContext(kindConfigClusterName())} npm run lab:4; npm run deploy -- --cluster kind; npm run kind -- down`);
      break;
    case 'down':
      await timed('kind delete cluster', () => deleteKindCluster(say));
      break;
    case 'prove': {
      try {
        await up();
        const env = { ...process.env, BARE_CLUSTER: 'kubeconfig', BARE_CONTEXT: kindContext(kindConfigClusterName()) };
        for (const stage of stages) {
          say(`[kind] stage ${stage} on the kind cluster: BARE_CLUSTER=kubeconfig npm run solution -- ${stage}`);
          await timed(`stage ${stage} checkpoints`, () => runShown('npm', ['run', '--silent', 'solution', '--', stage], say, '  ', env));
        }
        say('[kind] stage 8 for real: npm run deploy -- --cluster kind --target solutions');
        await timed('deploy (build, kind load, rollout, smoke test)', () => runShown('npm', ['run', '--silent', 'deploy', '--', '--cluster', 'kind', '--target', 'solutions'], say, '  '));
        await timed('deploy --delete', () => runShown('npm', ['run', '--silent', 'deploy', '--', '--cluster', 'kind', '--target', 'solutions', '--delete'], say, '  '));
      } finally {
        if (kindClusterExists()) await timed('kind delete cluster', () => deleteKindCluster(say));
      }
      break;
    }
  }
} catch (error) {
  process.stderr.write(`\nkind ${command} failed: ${(error as Error).message}\n`);
  printTimes();
  process.exit(1);
}
printTimes();

function printTimes(): void {
  if (times.length === 0) return;
  say('');
  say(`kind ${command}: time per step`);
  for (const [what, seconds] of times) say(`  ${what.padEnd(48)} ${seconds.toFixed(0).padStart(5)} s`);
  say(`  ${'total'.padEnd(48)} ${times.reduce((sum, [, s]) => sum + s, 0).toFixed(0).padStart(5)} s`);
}
