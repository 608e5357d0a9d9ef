#!/usr/bin/env node
// Regenerates fixtures/monitor/clients/*.log: each client library's connection start and client-side caching
// set-up, as `valkey-cli monitor` / `redis-cli monitor` print it, on Valkey 8.0.1 and Redis 7.0.15.
//   node --import tsx packages/cli/scripts/capture-client-handshakes.ts [scenario...]
// Starts a throwaway server per capture on a free loopback port (valkey-server and /usr/bin/redis-server
// must be installed) and stops it after. The scenarios are in packages/cli/test/integration/client-scenarios.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { capture, scenarios, type ServerKind } from '../test/integration/client-scenarios.js';
import { captureServer } from '../test/integration/client-capture-server.js';

const out = fileURLToPath(new URL('../../../fixtures/monitor/clients/', import.meta.url));
mkdirSync(out, { recursive: true });
const wanted = process.argv.slice(2);
for (const scenario of scenarios.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  for (const kind of ['valkey', 'redis'] as ServerKind[]) {
    const { server, target } = await captureServer(kind, scenario);
    try {
      const log = await capture(scenario, target);
      const file = `${out}${scenario.name}.${kind}.log`;
      writeFileSync(file, log, 'latin1');
      console.error(`wrote ${file} (${log.split('\n').length - 1} lines)`);
    } finally {
      server.stop();
    }
  }
}
