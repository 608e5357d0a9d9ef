/**
 * Ends the run quietly when the reader of stdout goes away (`valkey-track table | head -1`): the next write fails
 * with EPIPE, and Node, which ignores SIGPIPE, would crash on the unhandled stream error. Every command writes
 * its report last, so nothing is lost but output nobody reads: no message, and exit 0 where the run would have
 * exited 1 for what it found (the reader chose not to read it). Errors (2) and interruptions (130) keep their
 * code. Any other write error (a full disk) is one line on stderr and exit 2.
 */
export function endQuietlyWhenStdoutCloses(stdout: NodeJS.WriteStream = process.stdout): void {
  let closed = false;
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code === 'EPIPE') {
      process.once('exit', () => {
        if (process.exitCode === 1) process.exitCode = 0;
      });
      return;
    }
    process.stderr.write(`valkey-track: cannot write the output: ${error.code ?? error.message}\n`);
    process.exitCode = 2;
  });
}
