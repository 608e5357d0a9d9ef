#!/usr/bin/env bash
# The main job on the bundled data, no server needed (README's first command).
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
pnpm() { npx -y "pnpm@$pnpm_version" "$@"; }
pnpm install --frozen-lockfile --reporter=silent >&2
pnpm run --silent build >&2
node packages/cli/dist/bin.js "${@:-table}"
