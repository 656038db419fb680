import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stopDevCluster, type DevClusterHandle } from './dev-cluster.js';
import { alive } from './processes.js';

/** A stand-in for etcd or an API server: a process that names the cluster's folder on its command line, as they all do. */
function fakeClusterProcess(dir: string): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', `--data-dir=${dir}/etcd`], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid!;
}

describe('npm run cluster:down', () => {
  it('stops every process of a dev cluster one of whose processes already died, and removes its files', async (context) => {
    if (process.platform !== 'linux') {
      const reason = 'finding a cluster\'s processes by folder needs /proc (Linux)';
      process.stderr.write(`[test skipped] ${reason}\n`);
      context.skip(reason);
    }
    const dir = mkdtempSync(join(tmpdir(), 'bare-controller-envtest-'));
    const files = mkdtempSync(join(tmpdir(), 'bare-dev-handle-'));
    mkdirSync(join(dir, 'etcd'));
    const pids = [fakeClusterProcess(dir), fakeClusterProcess(dir), fakeClusterProcess(dir)];
    process.kill(pids[0]!, 'SIGKILL'); // the process that died: the cluster is half there
    const handle = { info: { kubeconfig: '' }, pids, dir } as unknown as DevClusterHandle;

    await stopDevCluster(handle, () => undefined, files);

    expect(pids.filter(alive), 'processes left running').toEqual([]);
    expect(existsSync(dir), 'the cluster folder').toBe(false);
    expect(existsSync(files), 'the handle folder').toBe(false);
  });
});
