import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, succeeds } from './run.js';

/**
 * The node's network, fixed because there is one node per machine:
 * pods get 10.244.0.0/24 on the bridge `bare0`, whose gateway address
 * 10.244.0.1 is also the node's IP and where the API server listens for them.
 * It is not loopback (the API server refuses a loopback endpoint for the
 * `kubernetes` Service) and it is reachable only from this machine and its pods,
 * unlike 0.0.0.0.
 */
export const nodeNetwork = {
  bridge: 'bare0',
  podCidr: '10.244.0.0/24',
  nodeIp: '10.244.0.1',
  /** Name of the CNI network; containerd's CNI cache and host-local's data are keyed by it. */
  cniNetwork: 'bare-controller',
} as const;

/** The pods' side of the API server: the first address of --service-cluster-ip-range. */
export const serviceCidr = '10.0.0.0/24';
export const kubernetesServiceIp = '10.0.0.1';

/** Creates the bridge with the gateway address before anything binds to it. */
export function createBridge(): void {
  if (!succeeds('ip', ['link', 'show', nodeNetwork.bridge])) run('ip', ['link', 'add', nodeNetwork.bridge, 'type', 'bridge']);
  const addresses = run('ip', ['-4', '-o', 'addr', 'show', 'dev', nodeNetwork.bridge]);
  if (!addresses.includes(`${nodeNetwork.nodeIp}/`)) run('ip', ['addr', 'add', `${nodeNetwork.nodeIp}/24`, 'dev', nodeNetwork.bridge]);
  run('ip', ['link', 'set', nodeNetwork.bridge, 'up']);
}

export function deleteBridge(): void {
  if (succeeds('ip', ['link', 'show', nodeNetwork.bridge])) run('ip', ['link', 'delete', nodeNetwork.bridge], { allowFailure: true });
}

/**
 * bridge + host-local + portmap, chained with loopback, as most single-node
 * clusters do. host-local keeps its leases under the node's own folder.
 */
export function writeCniConfig(confDir: string, ipamDir: string): void {
  mkdirSync(confDir, { recursive: true });
  const config = {
    cniVersion: '0.4.0',
    name: nodeNetwork.cniNetwork,
    plugins: [
      {
        type: 'bridge',
        bridge: nodeNetwork.bridge,
        isGateway: true,
        ipMasq: true,
        // A pod that reaches a Service backed by itself comes back through the bridge.
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          dataDir: ipamDir,
          ranges: [[{ subnet: nodeNetwork.podCidr, gateway: nodeNetwork.nodeIp }]],
          routes: [{ dst: '0.0.0.0/0' }],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  writeFileSync(join(confDir, '10-bare-controller.conflist'), JSON.stringify(config, null, 2));
  writeFileSync(join(confDir, '99-loopback.conf'), JSON.stringify({ cniVersion: '0.4.0', name: 'lo', type: 'loopback' }));
}

/**
 * Kernel settings a node needs: forwarding for pod traffic, and bridged
 * packets passing through iptables so Service rules apply between pods on
 * the bridge. Returns the values it changed, so stop can put them back.
 */
export function enableNodeSysctls(): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const [key, value] of Object.entries({ 'net/ipv4/ip_forward': '1', 'net/bridge/bridge-nf-call-iptables': '1' })) {
    const file = join('/proc/sys', key);
    if (!existsSync(file)) continue;
    const before = readFileSync(file, 'utf8').trim();
    if (before === value) continue;
    writeFileSync(file, value);
    changed[key] = before;
  }
  return changed;
}

export function restoreSysctls(changed: Record<string, string>): void {
  for (const [key, value] of Object.entries(changed)) {
    try {
      writeFileSync(join('/proc/sys', key), value);
    } catch {
      // Best effort: the value is a machine setting, not a leftover object.
    }
  }
}
