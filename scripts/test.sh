#!/usr/bin/env bash
# The one test command (README): bootstraps pnpm, installs, builds, installs and starts the servers,
# installs Chromium for the HTML-report suites, runs every suite, and stops the servers whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
pnpm() { npx -y "pnpm@$pnpm_version" "$@"; }
step() { printf '\n[test] %s\n' "$*" >&2; }

step "install dependencies (pnpm $pnpm_version)"
pnpm install --frozen-lockfile --reporter=append-only || { echo "[test] FAILED: pnpm install" >&2; exit 1; }
step "build"
pnpm run build || { echo "[test] FAILED: build (tsc -b)" >&2; exit 1; }
step "type-check tests and scripts"
pnpm run typecheck || { echo "[test] FAILED: type-check of tests and scripts (tsconfig.test.json)" >&2; exit 1; }
step "install servers if missing"
bash scripts/install-servers.sh
step "install the browser for the HTML-report suites if missing"
bash scripts/install-browser.sh
step "start servers"
trap 'bash scripts/servers.sh stop' EXIT
bash scripts/servers.sh start
set -a; . .tmp/servers.env; set +a
step "start the cluster (scripts/cluster.sh)"
trap 'bash scripts/cluster.sh stop; bash scripts/servers.sh stop' EXIT
bash scripts/cluster.sh start
set -a; . .tmp/cluster.env; set +a
step "run all suites"
node scripts/run-tests.mjs all
