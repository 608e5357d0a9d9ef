import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MonitorAudit } from '../src/monitor/monitor-audit.js';

const generator = fileURLToPath(new URL('../../../bench/generate-monitor-log.mjs', import.meta.url));

const bench = suite('bench: the generated MONITOR log');

bench('is in the server format throughout, and holds the reads it plants for tracking clients', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-bench-log-'));
  try {
    const path = join(dir, 'monitor.log');
    const run = spawnSync(process.execPath, [generator, path, '200KB'], { encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    const audit = new MonitorAudit();
    audit.write(readFileSync(path));
    audit.end();
    assert.is(audit.totals.malformed, 0);
    assert.ok(audit.totals.commands > 1000);
    assert.is(audit.totals.trackingConnections, 24);
    assert.ok(audit.totals.luaCommands > 0);
    const shapes = new Set(audit.findings().map((f) => f.shape));
    for (const shape of ['KEYS', 'TTL', 'SCAN … MATCH'])
      assert.ok(shapes.has(shape), `${shape} in ${[...shapes]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

bench.run();
