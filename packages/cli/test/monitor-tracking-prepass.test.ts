import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findTrackingLines } from '../src/monitor/tracking-prepass.js';

/** The search reads the file in blocks of 2 MiB that repeat the last 8 bytes of the block before. */
const SECOND_BLOCK = 2 * 1024 * 1024 - 8;

const line = (n: number, address: string, ...argv: string[]) =>
  `1700000000.${String(n % 1e6).padStart(6, '0')} [0 ${address}] ${argv.map((a) => `"${a}"`).join(' ')}\n`;

/**
 * A log of writes whose values end in `king` (more of them than the search's limit of 100 lines, which
 * counts every line that ends an argument in `acking`), with the given lines from byte `trackingAt` on.
 */
function logWith(trackingLines: string[], trackingAt: number): string {
  let text = '';
  let n = 0;
  while (text.length < trackingAt) {
    const filler = line(n++, '10.0.0.9:4000', 'SET', 'booking', n % 2 === 0 ? 'parking' : 'king');
    if (text.length + filler.length > trackingAt) {
      // Pad to the byte, so the tracking line starts exactly at `trackingAt`.
      text += `${line(n++, '10.0.0.9:4000', 'GET', 'x'.repeat(Math.max(1, trackingAt - text.length - 40)))}`;
      break;
    }
    text += filler;
  }
  for (const t of trackingLines) text += t;
  for (let k = 0; k < 1000; k++) text += line(n++, '10.0.0.9:4000', 'GET', 'booking');
  return text;
}

function search(text: string): { address: string; argv: string[] }[] | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'vt-prepass-'));
  try {
    const path = join(dir, 'monitor.log');
    writeFileSync(path, text);
    const fd = openSync(path, 'r');
    try {
      return findTrackingLines(fd, text.length, 100)?.map(({ address, argv }) => ({ address, argv }));
    } finally {
      closeSync(fd);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const prepass = suite('findTrackingLines: the CLIENT TRACKING lines of a file, found natively');

prepass('every spelling libraries send, and no value that merely ends in "acking"', () => {
  const events = search(
    logWith(
      [
        line(1, '10.0.0.1:5001', 'CLIENT', 'TRACKING', 'ON'),
        line(2, '10.0.0.2:5002', 'client', 'tracking', 'on', 'BCAST', 'PREFIX', 'user:'),
        line(3, '10.0.0.3:5003', 'Client', 'Tracking', 'off'),
        line(4, '10.0.0.4:5004', 'SET', 'stacking', 'tracking'),
      ],
      5000,
    ),
  );
  assert.equal(events, [
    { address: '10.0.0.1:5001', argv: ['CLIENT', 'TRACKING', 'ON'] },
    { address: '10.0.0.2:5002', argv: ['client', 'tracking', 'on', 'BCAST', 'PREFIX', 'user:'] },
    { address: '10.0.0.3:5003', argv: ['Client', 'Tracking', 'off'] },
  ]);
});

prepass('a line whose "acking" straddles two blocks is found once, wherever the cut falls', () => {
  const tracking = line(1, '10.0.0.1:5001', 'client', 'tracking', 'on');
  const acking = tracking.indexOf('acking"');
  for (let cut = -4; cut <= 8; cut++) {
    const events = search(logWith([tracking], SECOND_BLOCK - acking + cut));
    assert.equal(
      events,
      [{ address: '10.0.0.1:5001', argv: ['client', 'tracking', 'on'] }],
      `"acking" at ${cut} from the second block's start`,
    );
  }
});

prepass.run();
