import type { EvidenceProgress } from '@valkey-track/rules-data/evidence';

/**
 * Progress on stderr: one line rewritten in place on a terminal; on a pipe or a CI log, a line at every
 * quarter so logs stay short.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let lastQuarter = -1;
  return {
    report({ kind, id, index, total }: EvidenceProgress) {
      if (stream.isTTY) {
        const line = `verify: [${String(index + 1).padStart(String(total).length)}/${total}] ${kind} ${id}`;
        stream.write(`\r${line.slice(0, (stream.columns ?? 80) - 1).padEnd((stream.columns ?? 80) - 1)}`);
        return;
      }
      const quarter = Math.floor((index / total) * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        stream.write(`verify: ${index}/${total} recipes measured\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}
