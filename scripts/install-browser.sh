#!/usr/bin/env bash
# Installs the browser the HTML-report suites drive headless, if missing: Debian's `chromium` (bookworm).
# Like install-servers.sh, it needs root (or sudo) only when it has something to install.
set -euo pipefail

step() { printf '[install-browser] %s\n' "$*" >&2; }
fail() { printf '[install-browser] FAILED: %s\n' "$*" >&2; exit 1; }

have_chromium() { [ -x /usr/bin/chromium ] && /usr/bin/chromium --version >/dev/null 2>&1; }

if have_chromium; then
  step "chromium already installed: $(/usr/bin/chromium --version)"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "need root (or sudo) to apt-get install chromium"
  sudo_cmd=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
# Other jobs on the machine may hold the dpkg lock; wait for it rather than fail.
apt_get() { "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 "$@"; }

if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  step "apt-get update"
  apt_get update -qq || fail "apt-get update failed (is the Debian mirror reachable?)"
fi
step "installing chromium (Debian)"
if ! apt_get install -y -qq --no-install-recommends chromium >/dev/null; then
  step "apt-get update, then retry"
  apt_get update -qq || fail "apt-get update failed (is the Debian mirror reachable?)"
  apt_get install -y -qq --no-install-recommends chromium >/dev/null || fail "apt-get install chromium"
fi
have_chromium || fail "chromium is still missing after install"
step "$(/usr/bin/chromium --version)"
