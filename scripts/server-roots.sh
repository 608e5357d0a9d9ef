#!/usr/bin/env bash
# Builds (or reuses) the minimal Debian root file systems the newer servers run from:
#   .tmp/roots/trixie  Valkey 8.1.x and Redis 8.0.x (Debian 13)
#   .tmp/roots/sid     Valkey 9.1.x (Debian unstable)
# Debian ships those versions only for releases newer than this machine's, so each is a `debootstrap
# --variant=minbase` root that scripts/servers.sh starts the servers from with `chroot`. The mirror is the
# machine's own Debian apt source (scripts/lib/debian-source.sh); no mirror host is named here.
# A root is reused when its marker says it finished and its servers run; a root an interrupted run left
# half-built has no marker (it is built under <suite>.partial and renamed only when complete) and is rebuilt.
#   bash scripts/server-roots.sh [suite...]        (default: trixie sid)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
roots="$root/.tmp/roots"
marker=.valkey-track-root

step() { printf '[server-roots] %s\n' "$*" >&2; }
fail() { printf '[server-roots] FAILED: %s\n' "$*" >&2; exit 1; }

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "need root (or sudo) for debootstrap and chroot"
  sudo_cmd=(sudo)
fi

# shellcheck source=lib/debian-source.sh
. "$(dirname "$0")/lib/debian-source.sh"

# A root is valid when it finished (marker) and both servers in it answer --version.
valid() { # dir
  local dir=$1
  [ -f "$dir/$marker" ] || return 1
  "${sudo_cmd[@]}" chroot "$dir" valkey-server --version >/dev/null 2>&1 || return 1
  "${sudo_cmd[@]}" chroot "$dir" redis-server --version >/dev/null 2>&1 || return 1
}

versions() { # dir
  local dir=$1
  printf 'valkey %s, redis %s' \
    "$("${sudo_cmd[@]}" chroot "$dir" valkey-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')" \
    "$("${sudo_cmd[@]}" chroot "$dir" redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
}

build() { # suite mirror keyring
  local suite=$1 mirror=$2 keyring=$3 dir="$roots/$1" partial="$roots/$1.partial" log="$roots/$1.log"
  "${sudo_cmd[@]}" rm -rf "$partial"
  local keyring_arg=()
  [ -n "$keyring" ] && keyring_arg=("--keyring=$keyring")
  if ! "${sudo_cmd[@]}" debootstrap --variant=minbase --include=valkey-server,redis-server \
    "${keyring_arg[@]}" "$suite" "$partial" "$mirror" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    return 1
  fi
  date -u +%FT%TZ | "${sudo_cmd[@]}" tee "$partial/$marker" >/dev/null
  "${sudo_cmd[@]}" rm -rf "$dir"
  "${sudo_cmd[@]}" mv "$partial" "$dir"
}

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(trixie sid)
mkdir -p "$roots"

todo=()
for suite in "${suites[@]}"; do
  if valid "$roots/$suite"; then
    step "$suite: reusing $roots/$suite ($(versions "$roots/$suite"))"
  else
    [ -e "$roots/$suite" ] && step "$suite: $roots/$suite is incomplete or broken; rebuilding it"
    todo+=("$suite")
  fi
done
[ ${#todo[@]} -gt 0 ] || exit 0

if ! command -v debootstrap >/dev/null 2>&1; then
  step "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq || fail "apt-get update failed (is the Debian mirror reachable?)"
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends debootstrap >/dev/null ||
    fail "apt-get install debootstrap"
fi

source_line=$(derive_debian_source | head -n 1)
[ -n "$source_line" ] || fail "no Debian apt source found in /etc/apt to take the mirror from; add one"
mirror=${source_line%%|*}
keyring=${source_line#*|}

# The suites download and unpack independently: build them side by side.
pids=()
for suite in "${todo[@]}"; do
  step "$suite: debootstrap --variant=minbase --include=valkey-server,redis-server from $mirror (log: $roots/$suite.log)"
  build "$suite" "$mirror" "$keyring" &
  pids+=($!)
done
failed=()
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed+=("${todo[$i]}")
done
[ ${#failed[@]} -eq 0 ] || fail "could not build the root for ${failed[*]} (see $roots/<suite>.log)"
for suite in "${todo[@]}"; do
  valid "$roots/$suite" || fail "$suite: the new root's servers do not run"
  step "$suite: built $roots/$suite ($(versions "$roots/$suite"), $(du -sh "$roots/$suite" | cut -f1))"
done
