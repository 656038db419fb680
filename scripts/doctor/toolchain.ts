/** Node (the system's and the project's), npm and Go. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { goToolchainUsable } from '../cluster/binaries.js';
import { fix, note, ok, type Check } from './check.js';
import { repoRoot } from '../workbook/paths.js';

const version = (command: string, args = ['--version']) => {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 15_000 });
  return run.status === 0 ? run.stdout.trim() : undefined;
};

/** The first `node` on PATH outside node_modules: npm run puts the project's Node first. */
function systemNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir.includes('node_modules')) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function nodeChecks(): Check[] {
  const system = systemNode();
  const systemVersion = system && version(system);
  const projectNode = join(repoRoot, 'node_modules', 'node', 'bin', 'node');
  const projectVersion = existsSync(projectNode) ? version(projectNode) : undefined;
  return [
    systemVersion
      ? ok('Node (system)', `${systemVersion} at ${system}; it only runs npm, every npm run … uses the project's Node`)
      : note('Node (system)', 'no node on PATH outside node_modules: install Node (any version with npm 10+)'),
    projectVersion?.startsWith('v24.')
      ? ok('Node (project)', `${projectVersion} from the node package, used by every npm run …`)
      : fix('Node (project)', projectVersion ? `${projectVersion}, but the workbook needs 24: run npm install` : 'not installed: run npm install (it brings Node 24 for the project)'),
  ];
}

export function npmCheck(): Check {
  const found = version('npm');
  if (!found) return fix('npm', 'not found: install Node with npm 10 or newer');
  return Number(found.split('.')[0]) >= 10 ? ok('npm', found) : fix('npm', `${found} is too old: npm 10 or newer (npm install -g npm)`);
}

/** Go is needed once, to build the control plane; with the cache built it is optional. */
export function goCheck(cacheBuilt: boolean): Check {
  const go = goToolchainUsable();
  if (go.ok) return ok('Go', `${go.why} (builds the control plane once)`);
  return cacheBuilt ? note('Go', `${go.why}; the control plane is already built, so only a rebuild would need Go 1.26+`) : fix('Go', `${go.why}: install Go 1.26+ (the first lab run builds Kubernetes with it), or use Docker (k3s) or kind`);
}
