/**
 * Why Docker cannot be used here, told apart: no client, no daemon installed,
 * a daemon that is not running, or one this user may not use. Each cause has
 * its own next step, and the step fits the machine (a Mac gets no apt or
 * dockerd advice; a normal user is not told to start a daemon as root).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { docker, DockerError } from './docker.js';

export type DockerCause = 'no-client' | 'no-daemon' | 'not-running' | 'permission-denied';

export type DockerStatus = { usable: true } | { usable: false; cause: DockerCause; why: string };

/** The platform and user the advice is for; tests pass their own. */
export interface Machine {
  platform: NodeJS.Platform;
  root: boolean;
  user: string;
  /** Is a Docker daemon installed here (dockerd, or Docker Desktop / colima / OrbStack on a Mac)? */
  daemonInstalled: boolean;
}

export function thisMachine(): Machine {
  const platform = process.platform;
  return { platform, root: process.getuid?.() === 0, user: safeUser(), daemonInstalled: daemonInstalled(platform) };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'you';
  }
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function daemonInstalled(platform: NodeJS.Platform): boolean {
  if (platform === 'darwin') return existsSync('/Applications/Docker.app') || existsSync('/Applications/OrbStack.app') || onPath('colima') || onPath('orb');
  return onPath('dockerd') || existsSync('/usr/sbin/dockerd') || existsSync('/usr/bin/dockerd');
}

/** Sorts a failed `docker info`'s output into a cause: "permission denied" on the socket is not a daemon that is down. */
export function causeOf(infoOutput: string, daemonInstalled: boolean): Exclude<DockerCause, 'no-client'> {
  if (/permission denied/i.test(infoOutput)) return 'permission-denied';
  return daemonInstalled ? 'not-running' : 'no-daemon';
}

/** One sentence: what is wrong, and the one thing to do, for this machine. */
export function adviceFor(cause: DockerCause, machine: Machine): string {
  const mac = machine.platform === 'darwin';
  switch (cause) {
    case 'no-client':
      return mac
        ? 'Docker is not installed: install Docker Desktop (or colima or OrbStack), start it, then try again.'
        : 'Docker is not installed: `sudo bash scripts/install-system-packages.sh` installs it, then try again.';
    case 'no-daemon':
      return mac
        ? 'the docker command is here but no Docker engine is installed: install Docker Desktop (or colima or OrbStack), start it, then try again.'
        : 'the docker command is here but no Docker daemon (dockerd) is installed on this machine: `sudo bash scripts/install-system-packages.sh` installs it, then try again.';
    case 'not-running':
      if (mac) return 'Docker is installed but not running: start Docker Desktop (or `colima start`), then try again.';
      return machine.root
        ? 'Docker is installed but its daemon is not running: start it with `bash scripts/docker/ensure-docker.sh`, then try again.'
        : 'Docker is installed but its daemon is not running: start it (`sudo systemctl start docker`, or `sudo bash scripts/docker/ensure-docker.sh` where there is no systemd), then try again.';
    case 'permission-denied':
      return mac
        ? `Docker runs, but ${machine.user} may not use it (permission denied on its socket): restart Docker Desktop as ${machine.user}, then try again.`
        : `Docker runs, but ${machine.user} may not use it (\`docker info\`: permission denied on /var/run/docker.sock): \`sudo usermod -aG docker ${machine.user}\`, log out and in again, then try again.`;
  }
}

/** Asks `docker info` once (within a few seconds) and says whether Docker can be used, and if not why. */
export async function dockerStatus(machine: Machine = thisMachine()): Promise<DockerStatus> {
  const failed = (cause: DockerCause): DockerStatus => ({ usable: false, cause, why: adviceFor(cause, machine) });
  if (!onPath('docker')) return failed('no-client');
  try {
    await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 });
    return { usable: true };
  } catch (error) {
    const output = error instanceof DockerError ? [error.message, ...error.tail].join('\n') : String(error);
    return failed(causeOf(output, machine.daemonInstalled));
  }
}
