import { join } from 'node:path';
import type { ProcessGroup } from '../process-group.js';
import { freePort } from '../ports.js';
import { run } from './run.js';
import { nodeNetwork } from './network.js';

/**
 * kube-proxy in iptables mode: it turns the `kubernetes` Service (10.0.0.1:443)
 * and every other ClusterIP into DNAT rules. It may not touch conntrack
 * sysctls (0 = leave them), which a VM often forbids; health and metrics on loopback.
 */
export async function startKubeProxy(group: ProcessGroup, options: { binary: string; dir: string; nodeName: string; kubeconfigFile: string }): Promise<{ healthzUrl: string }> {
  const [healthz, metrics] = [await freePort(), await freePort()];
  group.start('kube-proxy', options.binary, [
    `--kubeconfig=${options.kubeconfigFile}`,
    `--hostname-override=${options.nodeName}`,
    '--proxy-mode=iptables',
    `--cluster-cidr=${nodeNetwork.podCidr}`,
    '--conntrack-max-per-core=0',
    '--conntrack-tcp-timeout-established=0s',
    '--conntrack-tcp-timeout-close-wait=0s',
    `--nodeport-addresses=${nodeNetwork.nodeIp}/32`,
    `--healthz-bind-address=127.0.0.1:${healthz}`,
    `--metrics-bind-address=127.0.0.1:${metrics}`,
  ], join(options.dir, 'kube-proxy.log'));
  return { healthzUrl: `http://127.0.0.1:${healthz}/healthz` };
}

/** Removes every rule kube-proxy made, even when it is no longer running. */
export function cleanupKubeProxyRules(binary: string): void {
  run(binary, ['--cleanup', '--proxy-mode=iptables'], { allowFailure: true });
}
