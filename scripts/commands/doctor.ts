/**
 * npm run doctor — is this machine ready for the workbook? One line a check:
 * ok, note (only some stages or tools need it), or FIX (lab runs cannot work
 * until it is fixed), each with what to do. Starts nothing, changes nothing.
 */
// First: on native Windows, one sentence (WSL2 is the way) before anything else runs.
import '../supported-platform.js';
import { spawnSync } from 'node:child_process';
import { defineCommand } from '../workbook/command.js';
import type { Check } from '../doctor/check.js';

const command = defineCommand({
  name: 'doctor',
  usage: ['npm run doctor   is this machine ready for the workbook?'],
  about: `Checks Node (system and project), npm, Go, Docker (answers? can pull?), kubectl,
the control-plane cache, the node's ports (10250, 10248) and prerequisites, and
the kube context guard: one line each, ok / note / FIX with what to do.
Exit 1 when something needs a FIX.`,
  flags: {},
});
command.parse();

// Read and checked: now the parts that take a moment to load.
const { formatCheck, note, ok } = await import('../doctor/check.js');
const { contextCheck, controlPlaneCheck, devClusterCheck, kubectlCheck, nodeCheck, portsCheck } = await import('../doctor/cluster.js');
const { dockerChecks } = await import('../doctor/docker.js');
const { sandboxCheck } = await import('../doctor/sandbox.js');
const { goCheck, nodeChecks, npmCheck } = await import('../doctor/toolchain.js');

await command.run(async () => {
  const controlPlane = controlPlaneCheck();
  const checks: Check[] = [
    ...nodeChecks(),
    npmCheck(),
    goCheck(controlPlane.built),
    controlPlane.check,
    kubectlCheck(),
    ...(await dockerChecks()),
    await portsCheck(),
    nodeCheck(),
    contextCheck(),
    devClusterCheck(),
    sandboxCheck(),
    spawnSync('sh', ['-c', 'command -v chromium'], { stdio: 'ignore' }).status === 0
      ? ok('Chromium', 'for the instructors\' report check in npm test')
      : note('Chromium', 'only npm test\'s check of the class report needs it: sudo bash scripts/install-system-packages.sh'),
  ];

  const width = Math.max(...checks.map((c) => c.name.length));
  process.stdout.write(`\nBare Controller — doctor\n\n${checks.map((c) => formatCheck(c, width)).join('\n')}\n\n`);
  const toFix = checks.filter((c) => c.state === 'fix');
  process.stdout.write(toFix.length === 0 ? 'Ready: npm run lab:1\n' : `${toFix.length} to fix before lab runs work: ${toFix.map((c) => c.name).join(', ')}.\n`);
  return toFix.length === 0 ? 0 : 1;
});
