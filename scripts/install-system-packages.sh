#!/usr/bin/env bash
# The Debian/Ubuntu packages the workbook needs beyond Node and Go. This is the
# only list: the README, .ci/run and the node's "missing …" message point here.
#
#   sudo bash scripts/install-system-packages.sh
#
# Installs only what is missing, and does nothing when all is there.
set -euo pipefail

# package:command. A command already on PATH counts as installed, so a machine
# with Docker's own packages (docker-ce, containerd.io) keeps them: installing
# docker.io or containerd over them would make apt remove them.
packages=(
  # The local node (npm run cluster:up -- --with-node, npm test): the container
  # runtime, pod networking (CNI bridge, iptables for Services), and the ip and
  # openssl commands it calls. Most machines have the last two already.
  containerd:containerd
  runc:runc
  containernetworking-plugins:
  iptables:iptables
  conntrack:conntrack
  iproute2:ip
  openssl:openssl
  # Stage 8 (npm run image, npm run deploy): Docker builds the image; debootstrap
  # builds a Node base image when no registry answers. The daemon is what counts:
  # a docker client alone on PATH (common) cannot build anything.
  docker.io:dockerd
  debootstrap:debootstrap
  # Instructors (npm test, npm run grade): the class report is checked in a
  # real headless browser; graded code runs in a bubblewrap sandbox.
  chromium:chromium
  bubblewrap:bwrap
)

say() { echo "system packages: $*"; }

missing=()
for entry in "${packages[@]}"; do
  package=${entry%%:*}
  command=${entry#*:}
  if [ -n "$command" ] && command -v "$command" >/dev/null; then continue; fi
  if dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then continue; fi
  missing+=("$package")
done

# npm run grade runs learner code as this unprivileged account, inside bwrap
# (scripts/grade/sandbox.ts): never as root, never as the instructor.
if ! id bare-grade >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v useradd >/dev/null; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin bare-grade
    say "created the bare-grade account (graded code runs as it)"
  else
    say "no bare-grade account: as root, run this script again to create it (npm run grade needs it when run as root)" >&2
  fi
fi

if [ ${#missing[@]} -eq 0 ]; then
  say "all there (the node's, stage 8's and the report check's)"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  say "missing ${missing[*]}, and this is not Debian or Ubuntu: install the same with your package manager, or use kind (see README.md)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  say "missing ${missing[*]}; installing needs root: sudo bash $0" >&2
  exit 1
fi

say "installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
