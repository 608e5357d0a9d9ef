import { UsageError } from '../util/usage-error.js';
import { formatVerifyText } from './format-verify-text.js';
import { progressReporter } from './progress-reporter.js';
import { disagreements } from './verify-report.js';
import { VerifyInterrupted, verifyServer, type VerifyOptions } from './verify-server.js';

export interface RunVerifyOptions extends Omit<VerifyOptions, 'onProgress' | 'signal'> {
  format?: string;
}

/**
 * `valkey-track verify`: exit 0 when every measurement matches what is declared, 1 on any disagreement or
 * failed measurement, 2 on a usage or connection error, 130 when interrupted (after cleaning up).
 */
export async function runVerify(options: RunVerifyOptions): Promise<void> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json (got "${format}")`);
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      // A second Ctrl-C means now: give the signal its default behaviour back and re-raise it.
      process.removeListener('SIGINT', onSignal);
      process.kill(process.pid, signal);
      return;
    }
    process.stderr.write(
      '\nverify: interrupted; finishing the current recipe and removing its keys (Ctrl-C again to quit at once)\n',
    );
    abort.abort(new Error(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = progressReporter();
  try {
    const report = await verifyServer({
      ...options,
      onProgress: progress.report,
      signal: abort.signal,
      onTarget: ({ cluster, prefix }) => {
        if (cluster) {
          process.stderr.write(
            `verify: on the cluster node ${cluster.node}, keys under ${prefix} (slot ${cluster.slot})\n`,
          );
        }
      },
    });
    progress.done();
    process.stdout.write(
      format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyText(report),
    );
    if (disagreements(report) > 0 || report.errors.length > 0) process.exitCode = 1;
  } catch (error) {
    progress.done();
    if (!(error instanceof VerifyInterrupted)) throw error;
    process.stderr.write(`valkey-track: verify ${error.message}\n`);
    process.exitCode = 130;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
