#!/usr/bin/env bash
# Makes sure a Docker daemon answers: leaves a running one alone, else starts
# Debian's dockerd in the background (CI runs as root without systemd).
# Idempotent: safe to call before every image build.
set -euo pipefail

fail() { echo "docker: $*" >&2; exit 1; }
command -v docker >/dev/null || fail "the docker command is not installed (apt-get install docker.io)"

answers() { docker info >/dev/null 2>&1; }
wait_seconds=${BARE_DOCKER_WAIT:-30}

if answers; then
  echo "docker: the daemon answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
  exit 0
fi

command -v dockerd >/dev/null || fail "no daemon answers and dockerd is not installed (apt-get install docker.io)"
[ "$(id -u)" = 0 ] || fail "no daemon answers, and starting dockerd needs root (or start Docker yourself)"

log=/var/log/bare-dockerd.log
touch "$log" 2>/dev/null || log="${TMPDIR:-/tmp}/bare-dockerd.log"
data_root=/var/lib/docker

# A dockerd that is still starting (an earlier call, another shell) is waited for, not doubled.
started=""
daemon=""
pid=$(cat /var/run/docker.pid 2>/dev/null || true)
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
  # overlay2 needs an overlay mount on the data root's file system (not on overlayfs
  # itself, as inside some containers); vfs always works, copying whole layers.
  driver=vfs
  mkdir -p "$data_root"
  probe=$(mktemp -d "$data_root/.overlay-probe.XXXXXX")
  mkdir -p "$probe"/{lower,upper,work,merged}
  if mount -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" "$probe/merged" 2>/dev/null; then
    umount "$probe/merged"
    driver=overlay2
  fi
  rm -rf "$probe"

  started="started dockerd (storage driver $driver, log $log); "
  # setsid: the daemon outlives this script and the CI step that called it. It must not
  # inherit the caller's other descriptors either (a lock file, a test runner's pipe):
  # it would hold them for as long as it runs.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
    done
    exec setsid dockerd --storage-driver="$driver" --data-root="$data_root" >>"$log" 2>&1 </dev/null
  ) &
  daemon=$!
fi

for _ in $(seq "$wait_seconds"); do
  if answers; then
    echo "docker: ${started}the daemon answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    exit 0
  fi
  # A daemon that exited (bad flag, no iptables…) will not answer: say so now, not in 30 s.
  if [ -n "$daemon" ] && ! kill -0 "$daemon" 2>/dev/null; then
    fail "dockerd exited while starting; last lines of $log:
$(tail -n 15 "$log" 2>/dev/null)"
  fi
  sleep 1
done
fail "dockerd did not answer within ${wait_seconds}s; last lines of $log:
$(tail -n 15 "$log" 2>/dev/null)"
