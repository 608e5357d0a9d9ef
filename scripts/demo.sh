#!/usr/bin/env bash
# The main job on the bundled data, no server needed (README's first command): audits the sample apps in
# fixtures/apps and the captured MONITOR logs in fixtures/monitor. With arguments, runs `valkey-track <args>`.
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
pnpm() { npx -y "pnpm@$pnpm_version" "$@"; }
pnpm install --frozen-lockfile --reporter=silent >&2
pnpm run --silent build >&2
cli=packages/cli/dist/bin.js
if [ $# -gt 0 ]; then exec node "$cli" "$@"; fi
printf '\n== valkey-track audit fixtures/apps (sample apps)\n\n'
node "$cli" audit fixtures/apps --fail-on never
printf '\n== valkey-track audit --monitor fixtures/monitor/valkey-8.0.1.log (a real capture)\n\n'
node "$cli" audit --monitor fixtures/monitor/valkey-8.0.1.log --fail-on never
