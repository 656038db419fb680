/**
 * The files a kind node image holds besides Debian's packages and the
 * Kubernetes binaries, written for this workbook after reading what kind's
 * base image does (images/base in kubernetes-sigs/kind). kind itself then
 * drives the node: it writes /kind/kubeadm.conf, runs kubeadm init/join with
 * `docker exec`, and applies /kind/manifests/*.yaml.
 */

/** Where the component images wait until the node's containerd imports them at boot. */
export const nodeImagesDir = '/kind/images';
/** Left by the import when it is done (in /run: once per boot). */
const importedFlag = '/run/bare-kind-images-imported';

/**
 * The container's first process: prepares what systemd and the kubelet need
 * from a Docker container, then becomes systemd (/sbin/init).
 */
export const entrypoint = `#!/bin/bash
# bare-controller's kind node entrypoint: get the container ready, then exec systemd.
set -o errexit -o nounset -o pipefail
say() { echo "bare-kind-node: $*" >&2; }

# The kubelet's volumes are mounted with propagation; that needs a shared root.
mount --make-rshared /

# Started without --privileged (a Docker daemon lacking CAP_SYS_RESOURCE; see
# scripts/kind/docker-shim.ts), /sys and the cgroup hierarchies come read-only:
# systemd and the kubelet write there.
if grep -q ' /sys sysfs ro' /proc/self/mounts; then
  say "remounting /sys and the cgroup hierarchies read-write"
  mount -o remount,rw /sys
  # A bind remount flips only this mount's read-only flag, which is the one Docker set.
  for target in $(findmnt -lun -o target -t cgroup,cgroup2); do
    mount -o remount,rw,bind "$target"
  done
fi

if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  say "cgroup v2"
else
  # cgroup v1 (with Docker's --cgroupns=private, which kind asks for): give the
  # kubelet its own cgroup in every hierarchy, mounted onto itself so systemd
  # treats it as foreign and leaves the pods under it alone.
  say "cgroup v1: preparing /kubelet and /kubelet.slice in every hierarchy"
  for hierarchy in $(findmnt -lun -o target -t cgroup); do
    for group in kubelet kubelet.slice; do
      mkdir -p "$hierarchy/$group"
      if [ -f "$hierarchy/cpuset.cpus" ]; then
        cat "$hierarchy/cpuset.cpus" >"$hierarchy/$group/cpuset.cpus"
        cat "$hierarchy/cpuset.mems" >"$hierarchy/$group/cpuset.mems"
      fi
      mount --bind "$hierarchy/$group" "$hierarchy/$group"
    done
  done
fi

# Pod network, with no CNI daemon and no image to pull: node 172.18.0.N gives its
# pods 10.244.N.0/24 on a bridge, and reaches the pods of node M through M.
# (kind's own image runs kindnetd for this; kind-config.yaml keeps kind's pod subnet.)
address=$(ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1 | head -n1)
if [ -n "$address" ]; then
  network=\${address%.*}
  own=\${address##*.}
  mkdir -p /etc/cni/net.d
  cat >/etc/cni/net.d/10-bare-kind.conflist <<CNI
{
  "cniVersion": "0.4.0",
  "name": "bare-kind",
  "plugins": [
    { "type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "10.244.$own.0/24" }]], "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
CNI
  for other in $(seq 1 254); do
    [ "$other" = "$own" ] || ip route replace "10.244.$other.0/24" via "$network.$other" dev eth0 2>/dev/null || true
  done
  say "pods on this node: 10.244.$own.0/24"
fi

# Every node of a cluster starts from the same image: give each its own identity.
rm -f /etc/machine-id
systemd-machine-id-setup >/dev/null
say "starting systemd"
exec "$@"
`;

/**
 * containerd as the kind node runs it. restrict_oom_score_adj: on hosts that
 * drop CAP_SYS_RESOURCE (Firecracker VMs, some CI sandboxes) runc cannot lower
 * a container's oom_score_adj, so every pod sandbox would fail; raising it
 * never needs the capability. The sandbox image is our own pause.
 */
export function containerdConfig(sandboxImage: string): string {
  return `version = 2
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${sandboxImage}"
  restrict_oom_score_adj = true
  tolerate_missing_hugepages_controller = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "/etc/cni/net.d"
`;
}

/**
 * systemd units. No OOMScoreAdjust and no Limit*=infinity, unlike a stock
 * containerd unit: both need CAP_SYS_RESOURCE, which this kind of host lacks,
 * and systemd refuses to start a unit whose settings it cannot apply.
 */
export const units: Record<string, string> = {
  'containerd.service': `[Unit]
Description=containerd (kind node)
After=network.target local-fs.target

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/bin/containerd
Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=1
TasksMax=infinity

[Install]
WantedBy=multi-user.target
`,
  // The component images ship in the node image as archives; containerd takes them in
  // while systemd carries on (kind gives a node 30 s to reach multi-user.target), and the
  // kubelet waits for the flag file the import leaves.
  'bare-import-images.service': `[Unit]
Description=Import the node's preloaded Kubernetes images into containerd
After=containerd.service
Requires=containerd.service

[Service]
Type=simple
ExecStart=/bin/sh -c 'for archive in ${nodeImagesDir}/*.tar; do ctr --namespace k8s.io images import "$archive" >/dev/null || exit 1; done; touch ${importedFlag}'

[Install]
WantedBy=multi-user.target
`,
  'kubelet.service': `[Unit]
Description=kubelet (kind node)
ConditionPathExists=/var/lib/kubelet/config.yaml
After=containerd.service

[Service]
ExecStart=/usr/bin/kubelet
# Room for the wait on the image import (ExecStartPre in the drop-in).
TimeoutStartSec=300
Restart=always
StartLimitInterval=0
RestartSec=1s
CPUAccounting=true
MemoryAccounting=true
Slice=kubelet.slice
KillMode=process

[Install]
WantedBy=multi-user.target
`,
  'kubelet.slice': `[Unit]
Description=The kubelet and its pods
Before=slices.target

[Slice]
CPUAccounting=true
MemoryAccounting=true
`,
  // kubeadm writes the flags and the config file; kind's kubeadm.conf points the kubelet at them.
  'kubelet.service.d/10-kubeadm.conf': `[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStartPre=/bin/sh -c 'if [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then mkdir -p /sys/fs/cgroup/systemd/kubelet; fi'
ExecStartPre=/bin/sh -c 'until [ -e ${importedFlag} ]; do sleep 0.5; done'
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`,
};

/** Units the image starts at boot (kubelet waits for kubeadm's config, by its condition). */
export const enabledUnits = ['containerd.service', 'bare-import-images.service', 'kubelet.service'];

export const otherFiles: Record<string, string> = {
  '/etc/default/kubelet': 'KUBELET_EXTRA_ARGS=--runtime-cgroups=/system.slice/containerd.service\n',
  '/etc/crictl.yaml': 'runtime-endpoint: unix:///run/containerd/containerd.sock\n',
  // Service traffic that kube-proxy sends to 127.0.0.1 (NodePorts on localhost) must be routable.
  '/etc/sysctl.d/10-kind-node.conf': 'net.ipv4.conf.all.route_localnet=1\n',
  // The kernel ring buffer is the host's; a container's journald must not read it.
  '/etc/systemd/journald.conf.d/10-kind-node.conf': '[Journal]\nReadKMsg=no\n',
};

/**
 * kind applies these after kubeadm init. The pod network is the entrypoint's
 * static bridge, so the "CNI manifest" only records that; the storage class
 * has no provisioner running (nothing in the workbook claims volumes).
 */
export const manifests: Record<string, string> = {
  'default-cni.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: bare-kind-network
  namespace: kube-system
data:
  about: "Each node's entrypoint writes a bridge CNI config for 10.244.<last octet of its IP>.0/24 and routes to the other nodes' ranges; no daemon runs."
`,
  'default-storage.yaml': `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
`,
};
