import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { succeeds } from './run.js';

/** Where Debian's containernetworking-plugins puts the CNI plugins; CNI_PATH overrides. */
export function cniBinDir(): string {
  return process.env.CNI_PATH ?? ['/usr/lib/cni', '/opt/cni/bin'].find((dir) => existsSync(join(dir, 'bridge'))) ?? '/usr/lib/cni';
}

export interface NodeSupport {
  ok: boolean;
  /** One sentence: what is missing and what to do instead. */
  why: string;
}

/**
 * Can a real node (kubelet + containerd) run on this machine? It needs Linux,
 * root (it creates a bridge, iptables rules and cgroups), and the runtime
 * pieces from the distribution. Everything else is built from Go modules.
 */
export function nodeSupport(): NodeSupport {
  const kind = 'the workbook runs its own node only on Linux as root; elsewhere run your controller in pods on kind: npm run deploy -- --cluster kind (see kind-config.yaml)';
  if (process.platform !== 'linux') return { ok: false, why: `this is ${process.platform}: ${kind}.` };
  if (process.getuid?.() !== 0) return { ok: false, why: `not running as root: ${kind}.` };
  const missing: string[] = [];
  for (const command of ['containerd', 'ctr', 'runc', 'iptables', 'ip', 'openssl']) {
    if (!succeeds('sh', ['-c', `command -v ${command}`])) missing.push(command);
  }
  for (const plugin of ['bridge', 'host-local', 'loopback', 'portmap']) {
    if (!existsSync(join(cniBinDir(), plugin))) missing.push(`CNI plugin ${plugin}`);
  }
  if (missing.length > 0) {
    return { ok: false, why: `missing ${missing.join(', ')}: install them with \`sudo bash scripts/install-system-packages.sh\` (Debian/Ubuntu; it holds the list of packages), or use kind (BARE_CLUSTER=kubeconfig).` };
  }
  return { ok: true, why: 'Linux, root, containerd, runc, iptables and the CNI plugins are here' };
}

/**
 * Some sandboxes (Firecracker VMs, rootless setups) drop CAP_SYS_RESOURCE:
 * then runc cannot lower a container's oom_score_adj and every pod sandbox
 * fails to start. containerd's `restrict_oom_score_adj` keeps it at or above
 * the runtime's own, which is what the kubelet asks for anyway on such hosts.
 */
export function lacksSysResource(): boolean {
  const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (!capEff) return true;
  const CAP_SYS_RESOURCE = 24n;
  return ((BigInt(`0x${capEff}`) >> CAP_SYS_RESOURCE) & 1n) === 0n;
}
