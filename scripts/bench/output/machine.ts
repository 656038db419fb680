import { spawnSync } from 'node:child_process';
import { cpus, release, totalmem, type } from 'node:os';
import { kubernetesVersion } from '../../cluster/paths.js';

/** Where figures came from: ratios travel between machines better than timings, but not perfectly. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  go: string;
  kubernetes: string;
}

export function describeMachine(): Machine {
  const go = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  return {
    cpu: cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    go: go.status === 0 ? go.stdout.trim() : 'no Go',
    kubernetes: `v${kubernetesVersion}`,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · ${m.os} · Node ${m.node} · ${m.go} · Kubernetes ${m.kubernetes}`;
}
