#!/usr/bin/env bash
# Builds the local cluster from the official Go modules into a versioned cache
# directory: the control plane (etcd, kube-apiserver, kube-controller-manager),
# the node (kubelet, kube-scheduler, kube-proxy) and kubectl; kubeadm only when
# named (the kind node image, scripts/kind/). No container
# registry and no GitHub downloads are needed: only the Go module proxy.
#
#   scripts/control-plane/build.sh <k8s-version> <out-dir> [binary ...]
#
# With binary names, only those are built: a first lab run builds what its stage
# needs (etcd and kube-apiserver), a later one what it adds, and a node asked for
# on top of binaries from elsewhere ($KUBEBUILDER_ASSETS) just what they lack.
#
# Runs on macOS's bash 3.2 too: no empty arrays under set -u (3.2 calls them unbound).
#
# Each binary is built into a temporary name and renamed when complete, so an
# interrupted build never leaves a half-written binary that looks usable.
set -euo pipefail

version="${1:?usage: build.sh <k8s-version, e.g. 1.36.3> <out-dir>}"
out="${2:?usage: build.sh <k8s-version> <out-dir> [binary ...]}"
shift 2
wanted=" $* "                   # the names asked for, space-separated; "  " for all
major="${version%%.*}"           # 1
minor="${version#*.}"            # 36.3
staging="v0.${minor}"            # v0.36.3

command -v go >/dev/null || { echo "build.sh: no Go toolchain on PATH (Kubernetes 1.${minor%%.*} needs Go >= 1.26)" >&2; exit 3; }

mkdir -p "$out"
# One build at a time per cache folder: a second run started meanwhile (another terminal,
# a test run beside a lab run) waits here, then finds what the first built ("cached")
# instead of racing it for the same go.mod and partial files. macOS has no flock(1).
if command -v flock >/dev/null; then
  exec 9>"$out/.build.lock"
  if ! flock -n 9; then
    echo "[control-plane] another build into $out is under way: waiting for it to finish"
    flock 9
  fi
fi
work="$out/.gomod"
mkdir -p "$work"
cd "$work"

# The staging repositories (k8s.io/api, k8s.io/client-go, ...) are published as
# their own modules; k8s.io/kubernetes refers to them as v0.0.0 and expects a
# replace for each, pinned to the matching v0.<minor> release.
staging_modules=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go
  cloud-provider cluster-bootstrap code-generator component-base component-helpers
  controller-manager cri-api cri-client cri-streaming csi-translation-lib
  dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator
  kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics
  mount-utils pod-security-admission sample-apiserver sample-cli-plugin
  sample-controller streaming)

{
  echo "module bare-controller/control-plane"
  echo
  echo "go 1.26.0"
  echo
  echo "require k8s.io/kubernetes v${version}"
  echo
  echo "replace ("
  for m in "${staging_modules[@]}"; do echo "	k8s.io/$m => k8s.io/$m $staging"; done
  echo ")"
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kubeadm"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
GO

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
echo "[control-plane] resolving modules for Kubernetes v${version} (first time: downloads ~300 MB from the Go module proxy)"
go mod tidy 2>&1 | grep -v '^go: downloading' || true

# Without these stamps every binary reports v0.0.0-master+$Format:%H$ (the
# release scripts set them; a plain `go build` of the module does not).
minor_only="${minor%%.*}"        # 36
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=v${version} -X ${pkg}.gitMajor=${major} -X ${pkg}.gitMinor=${minor_only}"
  ldflags+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=1970-01-01T00:00:00Z"
done

build() { # <package> <binary name> [on-request]
  local pkg="$1" name="$2" start=$SECONDS
  case "$wanted" in
    *" $name "*) ;;
    "  ") [ "${3:-}" = on-request ] && return ;;  # "on-request": only the kind node image needs it, so a plain build skips it
    *) return ;;
  esac
  if [ -x "$out/$name" ]; then echo "[control-plane] $name: cached"; return; fi
  echo "[control-plane] building $name ($pkg) ..."
  # -v prints each package as it is compiled: a heartbeat for a build that takes minutes.
  go build -v -trimpath -ldflags="$ldflags" -o "$out/.$name.partial" "$pkg" 2>&1 \
    | awk -v n="$name" '{c++; if (c % 100 == 0) { printf "[control-plane] %s: %d packages compiled\n", n, c; fflush() } }'
  mv "$out/.$name.partial" "$out/$name"
  echo "[control-plane] $name built in $((SECONDS - start))s"
}

build go.etcd.io/etcd/server/v3 etcd
build k8s.io/kubernetes/cmd/kube-apiserver kube-apiserver
build k8s.io/kubernetes/cmd/kube-controller-manager kube-controller-manager
build k8s.io/kubernetes/cmd/kubectl kubectl
build k8s.io/kubernetes/cmd/kube-scheduler kube-scheduler
build k8s.io/kubernetes/cmd/kube-proxy kube-proxy
build k8s.io/kubernetes/cmd/kubelet kubelet
build k8s.io/kubernetes/cmd/kubeadm kubeadm on-request
echo "[control-plane] done: $out"
