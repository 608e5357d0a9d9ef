/**
 * An AbortSignal that Ctrl-C (SIGINT) or SIGTERM aborts, so a long run can stop its work and still report.
 * A second Ctrl-C gives the signal its default behaviour back and re-raises it: quit at once.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      dispose();
      process.kill(process.pid, signal);
      return;
    }
    abort.abort(new Error(signal));
  };
  const dispose = () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: abort.signal, dispose };
}
