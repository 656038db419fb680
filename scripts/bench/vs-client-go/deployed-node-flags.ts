import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../workbook/paths.js';

const deployment = join(repoRoot, 'solutions', '08-deploy', 'manifests', 'base', 'deployment.yaml');

/**
 * The Node flags the controller runs with in the cluster: the NODE_OPTIONS of
 * stage 8's Deployment (a heap cap, and a small young generation — V8 would
 * otherwise let it grow to tens of MiB and keep it). Read from the manifest,
 * so the benchmark's TypeScript side runs the workbook as it is deployed.
 */
export function deployedNodeFlags(): string[] {
  const value = /- name: NODE_OPTIONS\s+value:\s*(.+)/.exec(readFileSync(deployment, 'utf8'))?.[1];
  if (value === undefined) throw new Error(`${deployment} sets no NODE_OPTIONS`);
  return value.trim().replace(/^(['"])(.*)\1$/, '$2').split(/\s+/);
}
