/** Docker: does the daemon answer, and can it reach a registry? Stage 8 builds images with it; k3s runs in it. */
import { spawnSync } from 'node:child_process';
import { dockerStatus } from '../docker/status.js';
import { note, ok, type Check } from './check.js';

export async function dockerChecks(): Promise<Check[]> {
  const status = await dockerStatus();
  // Only stage 8 (images) and BARE_CLUSTER=k3s need Docker: a note, not a fix.
  if (!status.usable) return [note('Docker', `only stage 8 and BARE_CLUSTER=k3s need it: ${status.why}`)];
  // A manifest is a few KB: enough to know a registry answers, without pulling an image.
  const pull = spawnSync('docker', ['manifest', 'inspect', 'docker.io/library/hello-world:latest'], { encoding: 'utf8', timeout: 20_000 });
  return [
    ok('Docker', 'the daemon answers'),
    pull.status === 0
      ? ok('Docker pulls', 'a registry answers (docker.io)')
      : note('Docker pulls', `no registry answers (${(pull.stderr || pull.error?.message || 'timeout').trim().split('\n').pop()}): stage 8 builds its base image locally instead; k3s needs its image pulled`),
  ];
}
