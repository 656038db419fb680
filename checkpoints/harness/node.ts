import type { TestContext } from 'vitest';
import { skipBecause } from './checkpoint.js';
import { clusterInfo } from './cluster.js';
import type { NodeInfo } from '../../scripts/cluster/types.js';

/**
 * The run's node, for checkpoints whose pods must really run. Where there is
 * none the checkpoint is skipped with one sentence saying why — except in CI,
 * where the node must run: there a missing node fails the checkpoint.
 */
export function requireNode(context: TestContext): NodeInfo {
  const info = clusterInfo();
  const node = info.capabilities.node;
  if (node) return node;
  const why = info.capabilities.noNodeBecause ?? 'this run has no node';
  if (process.env.CI === 'true') throw new Error(`CI must run the checkpoints that need a node, but ${why}.`);
  return skipBecause(context, `needs a node where pods run: ${why}`);
}
