/**
 * npm run controller -- [--target labs|solutions|<folder>] [--stage 4|5] --prefix team- [more flags]
 *
 * Runs the mirror controller against the cluster your kubeconfig points at:
 * the reference solution by default, your own code with --target labs. It
 * runs the latest stage that has a main.ts (stage 5: with leader election);
 * --stage 4 runs the controller without it.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flagsHelp, helpFlag, parseFlags, type Flags } from '../../solutions/00-common/flags.js';
import { useEsmHooksFor } from '../run-target/esm.js';
import { devKubeconfigPath, runningDevCluster } from '../cluster/dev-cluster.js';
import { missingCommon, resolveTarget } from '../workbook/target.js';
import { stages } from '../course/course.js';

/** This script's own flags; every other argument is the controller's, passed on to main.ts as given. */
const flags = {
  target: { type: 'string', value: '<folder>', help: 'whose controller: solutions (default), labs (yours), or a folder laid out like labs/' },
  stage: { type: 'string', value: '<4|5|7>', help: "which stage's main.ts: the latest the target has (5 adds leader election, 7 metrics and probes)" },
  ...helpFlag,
} as const satisfies Flags;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};

let parsed;
try {
  parsed = parseFlags(flags, process.argv.slice(2), { unknown: 'keep' });
} catch (error) {
  fail((error as Error).message);
}
const { values, rest: args } = parsed!;
if (values.help) {
  process.stdout.write(
    [
      'Usage: npm run controller -- --prefix <namespace-prefix> [--target labs|solutions|<folder>] [--stage 4|5|7] [controller flags]',
      '',
      flagsHelp(flags),
      '',
      "  controller flags, as the stage's main.ts reads them:",
      '    --prefix P (required), --instance NAME, --workers N, --resync 10m (Go duration)',
      '    from stage 5: --lease-namespace NS, --lease-name NAME, --identity ID, --lease-duration 15s, --renew-deadline 10s, --retry-period 2s',
      '    from stage 7: --metrics-bind-address :8080 (0 turns it off), --health-probe-bind-address :8081',
      '    every stage: --log-level error|info|debug (default info)',
      '',
      'It talks to the cluster of $KUBECONFIG, or the dev cluster (npm run cluster:up) when KUBECONFIG is unset.',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

let root = '';
try {
  root = resolveTarget(values.target ?? 'solutions', '--target');
} catch (error) {
  fail((error as Error).message);
}
const noCommon = missingCommon(root);
if (noCommon) fail(noCommon);
const stageFlag = values.stage;
const candidates = stages.filter((s) => s.available && s.number >= 4 && existsSync(join(root, s.dir, 'main.ts')));
const stage = stageFlag ? candidates.find((s) => String(s.number) === stageFlag) : candidates.at(-1);
if (!stage) fail(stageFlag ? `--stage ${stageFlag}: no main.ts for that stage in ${root} (choose from ${candidates.map((s) => s.number).join(', ') || 'none'})` : `${root} has no controller main.ts (stage 4 or later)`);
const main = join(root, stage!.dir, 'main.ts');
// Like lab runs: without a KUBECONFIG of your own, the dev cluster from `npm run cluster:up` when one runs.
if (!process.env.KUBECONFIG && runningDevCluster()) {
  process.env.KUBECONFIG = devKubeconfigPath;
  process.stderr.write(`[controller] no KUBECONFIG set: using the dev cluster (${devKubeconfigPath})\n`);
} else if (!process.env.KUBECONFIG && !process.env.KUBERNETES_SERVICE_HOST && !existsSync(join(homedir(), '.kube', 'config'))) {
  // client-node would quietly fall back to http://localhost:8080 and retry it forever.
  fail('No cluster to talk to: KUBECONFIG is not set, no dev cluster runs and there is no ~/.kube/config. Start one with npm run cluster:up, or set KUBECONFIG.');
}
// main.ts reads its flags from process.argv.
process.argv = [process.argv[0]!, main, ...args];
// A learner's copy outside the workbook: load its .ts as ES modules, with the workbook's packages.
await useEsmHooksFor(root);
await import(pathToFileURL(main).href);
