/**
 * The node drill (npm test runs it when no other cluster is up, since there is
 * one node per machine): a run killed with SIGKILL leaves a node with a pod
 * behind; the next start must clean that up first, and a clean stop must
 * leave nothing — no process, mount, network namespace, veth, bridge,
 * iptables chain, cgroup or folder.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startEnvtest } from '../envtest.js';
import { nodeImages } from './go-image.js';
import { findNodeLeftovers, nodeRecordLive, readNodeRecord } from './leftovers.js';
import { nodeSupport } from './prerequisites.js';
import { succeeds } from './run.js';
import { repoRoot } from '../../workbook/paths.js';
import type { NodeInfo } from '../types.js';

function crashedRun(): Promise<{ clusterDir: string; node: NodeInfo; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', 'cluster', 'node', 'drill-child.ts')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the crashing run did not get ready in 120s: ${out}`)), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^READY (.*)$/m.exec(out)?.[1];
      if (!line) return;
      clearTimeout(timer);
      const kill = () => new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGKILL');
      });
      resolve({ ...(JSON.parse(line) as { clusterDir: string; node: NodeInfo }), kill });
    });
    child.once('exit', (code) => reject(new Error(`the crashing run exited (${code}) before it was ready: ${out}`)));
  });
}

it('cleans up after a crashed run, then stops cleanly, leaving nothing behind', async (context) => {
  const support = nodeSupport();
  const busy = readNodeRecord();
  const cannot = !support.ok ? support.why : busy && nodeRecordLive(busy) ? `a node is already running on this machine (${busy.clusterDir})` : undefined;
  if (cannot) {
    if (process.env.CI === 'true') throw new Error(`CI must run the node drill, but ${cannot}.`);
    process.stderr.write(`[node drill skipped] ${cannot}\n`);
    context.skip(cannot);
  }

  const crashed = await crashedRun();
  await crashed.kill();
  expect(succeeds('ip', ['link', 'show', 'bare0']), 'the killed run left its bridge behind').toBe(true);

  const said: string[] = [];
  const cluster = await startEnvtest({ runId: 'drill', node: true, uncachedServer: false, log: (line) => said.push(line) });
  let node: NodeInfo | undefined;
  try {
    expect(said.join('\n')).toMatch(/cleaning it up first/);
    expect(findNodeLeftovers({ nodeDir: crashed.node.dir, netnsBefore: crashed.node.netnsBefore }).filter((l) => !l.includes('bare0') && !l.includes('iptables') && !l.includes('cgroups')), 'nothing of the crashed node but what the new node also has').toEqual([]);
    expect(existsSync(crashed.clusterDir), 'the crashed cluster folder').toBe(false);

    node = cluster.info.capabilities.node!;
    const kc = new KubeConfig();
    kc.loadFromString(cluster.info.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    // A running pod gives the stop something real to tear down: a network namespace, a veth, mounts, cgroups.
    await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'to-drain' }, spec: { containers: [{ name: 'pause', image: nodeImages.pause.ref, imagePullPolicy: 'Never' }] } } });
    for (let i = 0; i < 300 && (await core.readNamespacedPod({ namespace: 'default', name: 'to-drain' })).status?.phase !== 'Running'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await core.readNamespacedPod({ namespace: 'default', name: 'to-drain' })).status?.phase).toBe('Running');
  } finally {
    await cluster.stop();
  }
  expect(findNodeLeftovers({ nodeDir: node.dir, netnsBefore: node.netnsBefore })).toEqual([]);
  expect(readNodeRecord()).toBeUndefined();
}, 300_000);
