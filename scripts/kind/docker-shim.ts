import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cacheDir } from '../cluster/paths.js';

const CAP_SYS_RESOURCE = 24n;

/**
 * Does this machine's Docker daemon run without CAP_SYS_RESOURCE (some VMs
 * and CI sandboxes)? Then `docker run --privileged`, which kind always uses,
 * fails with "unable to apply caps: operation not permitted": Docker 20.10
 * grants a privileged container every capability the kernel knows, and the
 * daemon cannot give what it lacks. Read from dockerd's own status; a daemon
 * elsewhere (DOCKER_HOST, Docker Desktop's VM) is assumed whole.
 */
export function dockerLacksSysResource(): boolean {
  if (process.platform !== 'linux' || process.env.DOCKER_HOST) return false;
  const pid = spawnSync('pidof', ['dockerd'], { encoding: 'utf8' }).stdout?.trim().split(/\s+/)[0];
  if (!pid) return false;
  try {
    const bounding = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return bounding !== undefined && ((BigInt(`0x${bounding}`) >> CAP_SYS_RESOURCE) & 1n) === 0n;
  } catch {
    return false;
  }
}

/**
 * A `docker` for kind's use only, first on its PATH, that turns `--privileged`
 * into what this daemon can give: every capability but SYS_RESOURCE, no masked
 * or read-only /proc and /sys paths, every device allowed (`run`); the
 * container's own capabilities (`exec`). The node's entrypoint remounts /sys
 * and the cgroup hierarchies read-write, which --privileged would have done.
 */
function shimScript(realDocker: string): string {
  const kmsg = existsSync('/dev/kmsg') ? ' --device=/dev/kmsg' : '';
  return `#!/usr/bin/env bash
# Written by bare-controller (scripts/kind/docker-shim.ts): kind on a Docker daemon without CAP_SYS_RESOURCE.
set -euo pipefail
command=""
args=()
for arg in "$@"; do
  if [ -z "$command" ] && [[ "$arg" != -* ]]; then command="$arg"; fi
  if [ "$arg" = "--privileged" ] && [ "$command" = run ]; then
    args+=(--cap-add=ALL --cap-drop=SYS_RESOURCE --security-opt=systempaths=unconfined "--device-cgroup-rule=a *:* rwm"${kmsg})
    continue
  fi
  if [ "$arg" = "--privileged" ] && [ "$command" = exec ]; then continue; fi
  args+=("$arg")
done
exec ${JSON.stringify(realDocker)} "\${args[@]}"
`;
}

/**
 * The environment to run kind with: unchanged on a whole daemon; on one
 * without CAP_SYS_RESOURCE, PATH starts with the shim's folder.
 */
export function kindEnvironment(log?: (line: string) => void): NodeJS.ProcessEnv {
  if (!dockerLacksSysResource()) return process.env;
  const realDocker = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim();
  if (!realDocker) return process.env;
  const dir = join(dirname(dirname(cacheDir())), 'kind', 'docker-shim');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'docker'), shimScript(realDocker));
  chmodSync(join(dir, 'docker'), 0o755);
  log?.('[kind] this Docker daemon lacks CAP_SYS_RESOURCE, so --privileged cannot start a container: kind runs with a docker shim that asks for every other capability instead');
  return { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}` };
}
