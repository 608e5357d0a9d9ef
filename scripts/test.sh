#!/usr/bin/env bash
# The one test command (README): bootstraps pnpm, installs, builds, installs the two host servers and builds
# the Debian roots of the three newer ones (scripts/server-roots.sh, in the background while the workspace
# installs and builds), installs Chromium for the HTML-report suites, starts all five servers, runs every suite,
# and stops the servers whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
pnpm() { npx -y "pnpm@$pnpm_version" "$@"; }
started=$(date +%s)
step() { printf '\n[test +%ss] %s\n' "$(($(date +%s) - started))" "$*" >&2; }
mkdir -p .tmp

roots_pid=
cleanup() {
  # The roots build runs in a session of its own: ending it ends debootstrap and everything it started.
  if [ -n "$roots_pid" ] && kill -0 "$roots_pid" 2>/dev/null; then kill -- "-$roots_pid" 2>/dev/null || true; fi
  bash scripts/cluster.sh stop
  bash scripts/servers.sh stop
}
trap cleanup EXIT

step "install servers if missing"
bash scripts/install-servers.sh
step "install the browser for the HTML-report suites if missing"
bash scripts/install-browser.sh
step "build or reuse the Debian roots of the newer servers (in the background, log: .tmp/server-roots.log)"
setsid bash scripts/server-roots.sh > .tmp/server-roots.log 2>&1 &
roots_pid=$!

step "install dependencies (pnpm $pnpm_version)"
pnpm install --frozen-lockfile --reporter=append-only || { echo "[test] FAILED: pnpm install" >&2; exit 1; }
step "build"
pnpm run build || { echo "[test] FAILED: build (tsc -b)" >&2; exit 1; }
step "type-check tests and scripts"
pnpm run typecheck || { echo "[test] FAILED: type-check of tests and scripts (tsconfig.test.json)" >&2; exit 1; }

step "wait for the Debian roots"
if ! wait "$roots_pid"; then
  cat .tmp/server-roots.log >&2
  echo "[test] FAILED: scripts/server-roots.sh" >&2
  exit 1
fi
roots_pid=
cat .tmp/server-roots.log >&2
step "start servers"
bash scripts/servers.sh start
set -a; . .tmp/servers.env; set +a
step "start the cluster (scripts/cluster.sh)"
bash scripts/cluster.sh start
set -a; . .tmp/cluster.env; set +a
step "run all suites"
node scripts/run-tests.mjs all
step "done"
