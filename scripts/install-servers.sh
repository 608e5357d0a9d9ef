#!/usr/bin/env bash
# Installs the two servers the test suites run against, if missing:
#   Valkey 8.0.1 from Debian bookworm-backports, Redis 7.0.15 from bookworm main.
# The backports suite is derived from the machine's own Debian apt source, so no mirror host is named here.
set -euo pipefail

step() { printf '[install-servers] %s\n' "$*" >&2; }
fail() { printf '[install-servers] FAILED: %s\n' "$*" >&2; exit 1; }

have_valkey() { command -v valkey-server >/dev/null 2>&1; }
have_redis() { [ -x /usr/bin/redis-server ] && /usr/bin/redis-server --version 2>/dev/null | grep -q 'v=7\.'; }

if have_valkey && have_redis; then
  step "valkey-server and redis-server already installed"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "need root (or sudo) to apt-get install the servers"
  sudo_cmd=(sudo)
fi

backports_file=/etc/apt/sources.list.d/valkey-track-backports.sources
# shellcheck source=lib/debian-source.sh
. "$(dirname "$0")/lib/debian-source.sh"

if ! have_valkey; then
  if ! apt-cache policy valkey-server 2>/dev/null | grep -q bookworm-backports; then
    source_line=$(derive_debian_source "$backports_file" | head -n 1)
    [ -n "$source_line" ] || fail "no Debian bookworm apt source found in /etc/apt to derive bookworm-backports from; add one, or install valkey-server 8.0.1 yourself"
    uri=${source_line%%|*}
    signed=${source_line#*|}
    step "adding bookworm-backports, derived from $uri"
    {
      echo "Types: deb"
      echo "URIs: $uri"
      echo "Suites: bookworm-backports"
      echo "Components: main"
      [ -n "$signed" ] && echo "Signed-By: $signed"
    } | "${sudo_cmd[@]}" tee "$backports_file" >/dev/null
  fi
fi

step "apt-get update"
"${sudo_cmd[@]}" apt-get update -qq || fail "apt-get update failed (is the Debian mirror reachable?)"

export DEBIAN_FRONTEND=noninteractive
if ! have_redis; then
  step "installing redis-server (bookworm)"
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends redis-server >/dev/null || fail "apt-get install redis-server"
fi
if ! have_valkey; then
  step "installing valkey-server (bookworm-backports)"
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends -t bookworm-backports valkey-server >/dev/null || fail "apt-get install -t bookworm-backports valkey-server"
fi

# The packages start system services on the default port; the tests use servers of their own.
for svc in redis-server valkey-server; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    "${sudo_cmd[@]}" systemctl stop "$svc" || true
  fi
done

have_valkey || fail "valkey-server is still missing after install"
have_redis || fail "redis-server 7 is still missing after install"
step "valkey: $(valkey-server --version)"
step "redis: $(/usr/bin/redis-server --version)"
