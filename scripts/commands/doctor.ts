/**
 * npm run doctor — is this machine ready for the workbook? One line a check:
 * ok, note (only some stages or tools need it), or FIX (lab runs cannot work
 * until it is fixed), each with what to do. Starts nothing, changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { formatCheck, note, ok, type Check } from '../doctor/check.js';
import { contextCheck, controlPlaneCheck, devClusterCheck, kubectlCheck, nodeCheck, portsCheck } from '../doctor/cluster.js';
import { dockerChecks } from '../doctor/docker.js';
import { goCheck, nodeChecks, npmCheck } from '../doctor/toolchain.js';

const usage = `Usage: npm run doctor

Checks Node (system and project), npm, Go, Docker (answers? can pull?), kubectl,
the control-plane cache, the node's ports (10250, 10248) and prerequisites, and
the kube context guard: one line each, ok / note / FIX with what to do.
Exit 1 when something needs a FIX.`;

if (process.argv.slice(2).some((a) => a === '-h' || a === '--help')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (process.argv.length > 2) {
  process.stderr.write(`Unknown argument: ${process.argv[2]}\n\n${usage}\n`);
  process.exit(2);
}

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
  spawnSync('sh', ['-c', 'command -v chromium'], { stdio: 'ignore' }).status === 0
    ? ok('Chromium', 'for the instructors\' report check in npm test')
    : note('Chromium', 'only npm test\'s check of the class report needs it: sudo bash scripts/install-system-packages.sh'),
];

const width = Math.max(...checks.map((c) => c.name.length));
process.stdout.write(`\nBare Controller — doctor\n\n${checks.map((c) => formatCheck(c, width)).join('\n')}\n\n`);
const toFix = checks.filter((c) => c.state === 'fix');
process.stdout.write(toFix.length === 0 ? 'Ready: npm run lab:1\n' : `${toFix.length} to fix before lab runs work: ${toFix.map((c) => c.name).join(', ')}.\n`);
process.exit(toFix.length === 0 ? 0 : 1);
