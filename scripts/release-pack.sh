#!/usr/bin/env bash
# Builds the workspace and packs every package into a tarball a user can `npm install` outside the workspace:
#   bash scripts/release-pack.sh [DIR]      (default: .tmp/release)
# `pnpm pack` rewrites `workspace:*` dependencies to the versions they point at; `npm pack` would keep them and
# the tarballs could not install. Prints the path of each tarball, one a line, on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/.tmp/release}" && cd "${1:-$root/.tmp/release}" && pwd)
cd "$root"
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
pnpm() { npx -y "pnpm@$pnpm_version" "$@"; }
fail() { printf '[release-pack] FAILED: %s\n' "$*" >&2; exit 1; }

pnpm run --silent build >&2 || fail "build (tsc -b)"
rm -f "$out"/*.tgz
pnpm --recursive pack --pack-destination "$out" >/dev/null || fail "pnpm pack"
shopt -s nullglob
tarballs=("$out"/*.tgz)
[ ${#tarballs[@]} -gt 0 ] || fail "pnpm pack wrote no tarball to $out"
for tarball in "${tarballs[@]}"; do
  if tar -xOzf "$tarball" package/package.json | grep -q '"workspace:'; then
    fail "$tarball still depends on workspace:*; it could not install outside the workspace"
  fi
  printf '%s\n' "$tarball"
done
