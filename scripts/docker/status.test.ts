import { describe, expect, it } from 'vitest';
import { adviceFor, causeOf, type Machine } from './status.js';

const linuxUser: Machine = { platform: 'linux', root: false, user: 'ada', daemonInstalled: true };
const linuxRoot: Machine = { ...linuxUser, root: true, user: 'root' };
const mac: Machine = { platform: 'darwin', root: false, user: 'ada', daemonInstalled: true };

describe('why Docker cannot be used, told apart', () => {
  it("reads docker info's permission error as a user who may not use the daemon, not as a daemon that is down", () => {
    const output = 'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock';
    expect(causeOf(output, true)).toBe('permission-denied');
  });

  it('tells a daemon that is installed but not running from one that is not installed', () => {
    const output = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    expect(causeOf(output, true)).toBe('not-running');
    expect(causeOf(output, false)).toBe('no-daemon');
  });

  it('tells a normal user how to join the docker group, never to start the daemon as root', () => {
    const advice = adviceFor('permission-denied', linuxUser);
    expect(advice).toContain('sudo usermod -aG docker ada');
    expect(advice).not.toMatch(/ensure-docker|as root/);
  });

  it('gives root the script that starts dockerd, and a normal user sudo', () => {
    expect(adviceFor('not-running', linuxRoot)).toContain('bash scripts/docker/ensure-docker.sh');
    expect(adviceFor('not-running', linuxUser)).toContain('sudo systemctl start docker');
  });

  it('gives a Mac no apt or dockerd advice', () => {
    for (const cause of ['no-client', 'no-daemon', 'not-running', 'permission-denied'] as const) {
      expect(adviceFor(cause, mac)).not.toMatch(/apt|dockerd|install-system-packages|ensure-docker|systemctl/);
    }
  });
});
