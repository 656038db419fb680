import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RunningCluster } from './types.js';
import { ClusterSetupError } from './types.js';

/** k3s version that matches the envtest control plane's minor release. */
export const k3sImage = process.env.BARE_K3S_IMAGE ?? 'rancher/k3s:v1.36.3-k3s1';

/**
 * The cgroup version of the machine Docker runs containers on (a VM on macOS,
 * this machine on Linux), which is what k3s's kubelet meets. Docker's answer
 * first; if it has none, this machine's own /sys/fs/cgroup.
 */
export function dockerCgroupVersion(): 1 | 2 {
  const info = spawnSync('docker', ['info', '--format', '{{.CgroupVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  const answer = info.status === 0 ? info.stdout.trim() : '';
  if (answer === '1' || answer === '2') return Number(answer) as 1 | 2;
  return existsSync('/sys/fs/cgroup/cgroup.controllers') ? 2 : 1;
}

/**
 * k3s's server command: @testcontainers/k3s starts `server --disable=traefik`
 * unless given a command, so ours repeats that. Kubelet 1.35+ refuses a cgroup v1
 * host unless told otherwise: then the kubelet gets fail-cgroupv1=false.
 */
export function k3sServerCommand(cgroupVersion: 1 | 2): string[] {
  const command = ['server', '--disable=traefik'];
  if (cgroupVersion === 1) command.push('--kubelet-arg=fail-cgroupv1=false');
  return command;
}

/**
 * A whole Kubernetes distribution in one container, for machines with Docker
 * but no Go toolchain. k3s stores state in kine (SQLite), so there is no etcd
 * to compact: the checkpoint that needs a real 410 says so and does not run.
 */
export async function startK3s(options: { runId: string; log?: (line: string) => void }): Promise<RunningCluster> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { K3sContainer } = await import('@testcontainers/k3s');
  log(`[k3s] starting ${k3sImage} (the first start pulls the image)`);
  const started = Date.now();
  let container;
  try {
    container = await new K3sContainer(k3sImage).withCommand(k3sServerCommand(dockerCgroupVersion())).start();
  } catch (error) {
    throw new ClusterSetupError(`k3s did not start: ${(error as Error).message}\nIs Docker running, and can it pull ${k3sImage}?`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return {
    info: {
      provider: 'k3s',
      kubeconfig: container.getKubeConfig(),
      runId: options.runId,
      description: `k3s: ${k3sImage} in Docker; ready in ${seconds}s`,
      capabilities: { controllers: true },
    },
    async stop() {
      await container.stop();
    },
  };
}

/** Does a Docker engine answer? Cheap check used by auto-selection. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5_000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Is the k3s image here, or can it be pulled? A machine with Docker but no
 * registry (offline, air-gapped) answers no, with the reason: that is not a
 * fault of the provider, which is only judged once it has its image.
 */
export async function k3sImageObtainable(): Promise<{ ok: boolean; why: string }> {
  const { spawnSync } = await import('node:child_process');
  if (spawnSync('docker', ['image', 'inspect', k3sImage], { stdio: 'ignore' }).status === 0) return { ok: true, why: 'present' };
  const pull = spawnSync('docker', ['pull', k3sImage], { encoding: 'utf8', timeout: 120_000 });
  if (pull.status === 0) return { ok: true, why: 'pulled' };
  const reason = (pull.stderr || pull.error?.message || 'no answer').trim().split('\n').pop();
  return { ok: false, why: `Docker answers but ${k3sImage} could not be pulled (offline? ${reason})` };
}
