import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../workbook/paths.js';

/** kind's own default name, when a config names none. */
const kindDefaultName = 'kind';

/**
 * The cluster name kind-config.yaml gives (its top-level `name:`), so the
 * workbook looks for the context `kind create cluster --config kind-config.yaml`
 * actually makes, kind-<name>, and never a second copy of the name to drift.
 */
export function kindConfigClusterName(configFile = join(repoRoot, 'kind-config.yaml')): string {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    return kindDefaultName;
  }
  return /^name:\s*["']?([a-z0-9][-a-z0-9.]*)["']?\s*$/m.exec(text)?.[1] ?? kindDefaultName;
}

/** kind names a cluster's kubeconfig context kind-<cluster name>. */
export const kindContext = (clusterName: string) => `kind-${clusterName}`;

/**
 * One sentence for a kind cluster whose context is missing: the create command
 * that makes it, and the contexts the kubeconfig does have (a kind cluster under
 * another name is then one --kind-name away).
 */
export function missingKindContext(clusterName: string, contextsSeen: string[]): string {
  const create = `kind create cluster --config kind-config.yaml${clusterName === kindConfigClusterName() ? '' : ` --name ${clusterName}`}`;
  const otherKind = contextsSeen.filter((name) => name.startsWith('kind-')).map((name) => name.slice('kind-'.length));
  const seen = contextsSeen.length === 0 ? 'it has no contexts at all' : `it has ${contextsSeen.join(', ')}`;
  const hint = otherKind.length > 0 ? `, or deploy to the kind cluster you have: --kind-name ${otherKind[0]}` : '';
  return `Your kubeconfig has no context ${kindContext(clusterName)} (${seen}): create the cluster first (${create})${hint}.`;
}
