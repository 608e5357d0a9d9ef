#!/usr/bin/env node
// Runs the uvu suites of every package (TypeScript through tsx) and ends with the plain
// "N passed, N failed" line CI reads. `unit` needs no server; `browser` needs Chromium
// (scripts/install-browser.sh); `integration` and `all` need the URLs of the five servers (scripts/servers.sh
// start writes them to .tmp/servers.env), and `all` needs Chromium too.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const which = process.argv[2] ?? 'all';
const patterns = {
  unit: String.raw`^[^/]+[/\\]test[/\\](?!integration[/\\]|browser[/\\]).*\.test\.ts$`,
  browser: String.raw`^[^/]+[/\\]test[/\\]browser[/\\].*\.test\.ts$`,
  integration: String.raw`^[^/]+[/\\]test[/\\]integration[/\\].*\.test\.ts$`,
  all: String.raw`^[^/]+[/\\]test[/\\].*\.test\.ts$`,
};
if (!(which in patterns)) {
  console.error(`usage: run-tests.mjs unit|browser|integration|all (got "${which}")`);
  process.exit(2);
}

if (which === 'integration' || which === 'all') {
  // scripts/servers.sh and scripts/cluster.sh write where their servers listen.
  for (const file of ['.tmp/servers.env', '.tmp/cluster.env']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [k, v] = line.split('=');
      if (k && v && !process.env[k]) process.env[k] = v;
    }
  }
  const urls = ['VT_VALKEY_URL', 'VT_REDIS_URL', 'VT_VALKEY81_URL', 'VT_REDIS80_URL', 'VT_VALKEY91_URL'];
  const missing = urls.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    console.error(
      `integration suites need ${missing.join(', ')}: run \`bash scripts/servers.sh start\` first`,
    );
    process.exit(2);
  }
}

const uvuBin = join(dirname(createRequire(import.meta.url).resolve('uvu')), '..', 'bin.js');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', uvuBin, 'packages', patterns[which], '-c', 'false'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    // VALKEY_TRACK_DEBUG: an analysis that throws fails the test instead of leaving the module unjudged.
    env: {
      ...process.env,
      FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
      VALKEY_TRACK_DEBUG: process.env.VALKEY_TRACK_DEBUG ?? '1',
    },
  },
);
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
child.on('close', (code) => {
  const count = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(tail)?.[1] ?? 0);
  const total = count('Total');
  const passed = count('Passed');
  const skipped = count('Skipped');
  const failed = Math.max(total - passed - skipped, code === 0 ? 0 : 1);
  console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code === 0 && total > 0 ? 0 : 1);
});
