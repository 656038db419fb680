import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessGroup } from '../process-group.js';
import type { ClusterPki } from './pki.js';

/** Pods' cgroups live under this parent in every hierarchy, so stop can find and remove exactly ours. */
export const podCgroupParent = 'bare-controller';

export interface KubeletOptions {
  binary: string;
  dir: string;
  nodeName: string;
  nodeIp: string;
  kubeconfigFile: string;
  pki: ClusterPki;
  containerdAddress: string;
}

/**
 * The kubelet, as production runs it but confined to its own folder:
 * a client certificate for the Node authorizer, webhook authentication and
 * authorization for the API server's logs/exec calls (no anonymous access),
 * serving only on the node's bridge address, pods' logs and cgroups where
 * stop can find them.
 */
export function startKubelet(group: ProcessGroup, options: KubeletOptions): void {
  const rootDir = join(options.dir, 'root');
  mkdirSync(rootDir, { recursive: true });
  const config = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: options.nodeIp,
    port: 10250,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    healthzPort: 10248,
    tlsCertFile: options.pki.kubeletServing.cert,
    tlsPrivateKeyFile: options.pki.kubeletServing.key,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true, cacheTTL: '10s' },
      x509: { clientCAFile: options.pki.ca.cert },
    },
    authorization: { mode: 'Webhook', webhook: { cacheAuthorizedTTL: '10s', cacheUnauthorizedTTL: '5s' } },
    containerRuntimeEndpoint: `unix://${options.containerdAddress}`,
    // cgroup v1 hosts are still common in VMs and CI; 1.35+ refuses them unless told.
    failCgroupV1: false,
    cgroupDriver: 'cgroupfs',
    cgroupRoot: `/${podCgroupParent}`,
    failSwapOn: false,
    podLogsDir: join(options.dir, 'pod-logs'),
    // Images are loaded, never pulled: garbage-collecting one would lose it for good.
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    // A developer's disk may be nearly full; evict only when it really is.
    evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '1%', 'imagefs.available': '1%', 'nodefs.inodesFree': '1%' },
    resolvConf: '/etc/resolv.conf',
    serializeImagePulls: false,
    rotateCertificates: false,
    shutdownGracePeriod: '0s',
  };
  writeFileSync(join(options.dir, 'config.json'), JSON.stringify(config, null, 2));
  group.start('kubelet', options.binary, [
    `--config=${join(options.dir, 'config.json')}`,
    `--kubeconfig=${options.kubeconfigFile}`,
    `--root-dir=${rootDir}`,
    `--cert-dir=${join(options.dir, 'pki')}`,
    `--node-ip=${options.nodeIp}`,
    `--hostname-override=${options.nodeName}`,
    '--v=1',
  ], join(options.dir, 'kubelet.log'));
}
