/**
 * npm run controller -- [--target labs|solutions|<folder>] [--stage 4|5|7] --prefix team- [more flags]
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
import type { Flags } from '../../solutions/00-common/flags.js';
import { stages } from '../course/course.js';
import { defineCommand, UsageError } from '../workbook/command.js';

/** This script's own flags; every other argument is the controller's, passed on to main.ts as given. */
const command = defineCommand({
  name: 'controller',
  usage: ['npm run controller -- --prefix <namespace-prefix> [--target labs|solutions|<folder>] [--stage 4|5|7] [controller flags]'],
  flags: {
    target: { type: 'string', value: '<folder>', help: 'whose controller: solutions (default), labs (yours), or a folder laid out like labs/' },
    stage: { type: 'string', value: '<4|5|7>', help: "which stage's main.ts: the latest the target has (5 adds leader election, 7 metrics and probes)" },
  } as const satisfies Flags,
  passOn: true,
  footer: [
    "  controller flags, as the stage's main.ts reads them:",
    '    --prefix P (required), --instance NAME, --workers N, --resync 10m (Go duration)',
    '    from stage 5: --lease-namespace NS, --lease-name NAME, --identity ID, --lease-duration 15s, --renew-deadline 10s, --retry-period 2s',
    '    from stage 7: --metrics-bind-address :8080 (0 turns it off), --health-probe-bind-address :8081',
    '    every stage: --log-level error|info|debug (default info)',
    '',
    'It talks to the cluster of $KUBECONFIG, or the dev cluster (npm run cluster:up) when KUBECONFIG is unset.',
  ].join('\n'),
});
const { values, rest: args } = command.parse();

const { main, root } = await command.guard(async () => {
  const { missingCommon, resolveTarget } = await import('../workbook/target.js');
  const { devKubeconfigPath, runningDevCluster } = await import('../cluster/dev-cluster.js');
  let root: string;
  try {
    root = resolveTarget(values.target ?? 'solutions', '--target');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const noCommon = missingCommon(root);
  if (noCommon) throw new UsageError(noCommon);
  const candidates = stages.filter((s) => s.available && s.number >= 4 && existsSync(join(root, s.dir, 'main.ts')));
  const stage = values.stage ? candidates.find((s) => String(s.number) === values.stage) : candidates.at(-1);
  if (!stage) throw new UsageError(values.stage ? `--stage ${values.stage}: no main.ts for that stage in ${root} (choose from ${candidates.map((s) => s.number).join(', ') || 'none'}).` : `${root} has no controller main.ts (stage 4 or later).`);
  // Like lab runs: without a KUBECONFIG of your own, the dev cluster from `npm run cluster:up` when one runs.
  if (!process.env.KUBECONFIG && runningDevCluster()) {
    process.env.KUBECONFIG = devKubeconfigPath;
    process.stderr.write(`[controller] no KUBECONFIG set: using the dev cluster (${devKubeconfigPath})\n`);
  } else if (!process.env.KUBECONFIG && !process.env.KUBERNETES_SERVICE_HOST && !existsSync(join(homedir(), '.kube', 'config'))) {
    // client-node would quietly fall back to http://localhost:8080 and retry it forever.
    throw new UsageError('No cluster to talk to: KUBECONFIG is not set, no dev cluster runs and there is no ~/.kube/config. Start one with npm run cluster:up, or set KUBECONFIG.');
  }
  return { main: join(root, stage.dir, 'main.ts'), root };
});

// From here on the process is the controller's: its main reads its flags from process.argv and decides when it exits.
process.argv = [process.argv[0]!, main, ...args];
// A learner's copy outside the workbook: load its .ts as ES modules, with the workbook's packages.
const { useEsmHooksFor } = await import('../run-target/esm.js');
await useEsmHooksFor(root);
await import(pathToFileURL(main).href);
