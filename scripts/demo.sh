#!/usr/bin/env bash
# The main job on the bundled data, no server needed (README's first command): audits the sample apps in
# fixtures/apps and the captured MONITOR logs in fixtures/monitor, then writes the HTML report of a
# generated three-hour log with an incident in it and prints its path. With arguments, runs `valkey-track <args>`.
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
demo=.tmp/demo
mkdir -p "$demo"
node fixtures/monitor/generate-incident-log.mjs "$demo/incident-monitor.log"
node "$cli" audit --monitor "$demo/incident-monitor.log" --format html --fail-on never --no-progress >"$demo/report.html"
printf '\n== valkey-track audit --monitor %s --format html (three hours of a shop, a bad release at 10:12)\n\n' "$demo/incident-monitor.log"
printf 'HTML report: %s\n' "$PWD/$demo/report.html"
