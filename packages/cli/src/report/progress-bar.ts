export interface Progress {
  /** `done` units so far (bytes for logs, files for code). */
  update(done: number): void;
  finish(): void;
}

const silent: Progress = { update() {}, finish() {} };
const WIDTH = 30;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * A progress bar on stderr, only when stderr is a terminal, so pipes, CI logs and tests see nothing.
 * Redraws at most ten times a second; `total` undefined (stdin) shows the amount read and the rate only.
 */
export function progressBar(
  total: number | undefined,
  unit: 'bytes' | 'files',
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!stream.isTTY) return silent;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  const show = (n: number) => (unit === 'bytes' ? mb(n) : `${n} files`);
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate =
        unit === 'bytes'
          ? `${(done / 1e6 / seconds).toFixed(0)} MB/s`
          : `${(done / seconds).toFixed(0)} files/s`;
      let text: string;
      if (total && total > 0) {
        const ratio = Math.min(done / total, 1);
        const filled = Math.round(ratio * WIDTH);
        text = `[${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${show(done)}/${show(total)} ${rate}`;
      } else {
        text = `${show(done)} ${rate}`;
      }
      // A line longer than the terminal would wrap, and `\r` would then redraw only its last part.
      stream.write(`\r${text.slice(0, Math.max((stream.columns || 80) - 1, 1))}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
