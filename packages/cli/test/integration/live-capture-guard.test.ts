import { spawn } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConnection } from '../../src/connect/connection-options.js';
import { captureNode } from '../../src/fleet/capture-node.js';
import { freePort, startValkey } from './live-helpers.js';

const guard = suite('a live capture spares the node it captures');

guard(
  'a capture that falls behind is stopped before the node buffers more than the limit for it',
  async () => {
    // A server of the test's own: the load writes keys.
    const server = startValkey(await freePort());
    const target = resolveConnection({ port: server.port });
    let load: ReturnType<typeof spawn> | undefined;
    const report = await captureNode(
      { node: 'valkey', target },
      {
        durationMs: 60_000,
        maxBacklogBytes: 64 * 1024,
        onProgress(p) {
          if (p.state !== 'capturing' || load) return;
          load = spawn(
            'valkey-benchmark',
            [
              '-p',
              String(target.port),
              '-t',
              'set',
              '-n',
              '2000000',
              '-P',
              '16',
              '-d',
              '64',
              '-r',
              '1000',
              '-q',
            ],
            { stdio: 'ignore' },
          );
          // The reader stalls (a busy audit), so MONITOR output piles up on the server.
          const until = Date.now() + 1500;
          while (Date.now() < until);
        },
      },
    );
    load?.kill();
    server.stop();
    assert.is(report.status, 'stopped', report.error);
    assert.match(
      report.error!,
      /held \d+ MiB of MONITOR output not yet read \(over 0 MiB\): stopped to spare its memory/,
    );
    assert.ok(report.report!.totals.commands! > 0, 'what came before is reported');
  },
);

guard.run();
