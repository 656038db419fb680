/** Docker: does the daemon answer, and can it reach a registry? Stage 8 builds images with it; k3s runs in it. */
import { spawnSync } from 'node:child_process';
import { dockerAnswers } from '../docker/docker.js';
import { note, ok, type Check } from './check.js';

export async function dockerChecks(): Promise<Check[]> {
  if (spawnSync('sh', ['-c', 'command -v docker'], { stdio: 'ignore' }).status !== 0) {
    return [note('Docker', 'not installed: only stage 8 (images) and BARE_CLUSTER=k3s need it; sudo bash scripts/install-system-packages.sh installs it')];
  }
  if (!(await dockerAnswers())) return [note('Docker', 'installed but the daemon does not answer: start it (as root: bash scripts/docker/ensure-docker.sh) before stage 8')];
  // A manifest is a few KB: enough to know a registry answers, without pulling an image.
  const pull = spawnSync('docker', ['manifest', 'inspect', 'docker.io/library/hello-world:latest'], { encoding: 'utf8', timeout: 20_000 });
  return [
    ok('Docker', 'the daemon answers'),
    pull.status === 0
      ? ok('Docker pulls', 'a registry answers (docker.io)')
      : note('Docker pulls', `no registry answers (${(pull.stderr || pull.error?.message || 'timeout').trim().split('\n').pop()}): stage 8 builds its base image locally instead; k3s needs its image pulled`),
  ];
}
