import { outputWidth } from '../util/output-width.js';
import { UsageError } from '../util/usage-error.js';
import { formatVerifyText } from './format-verify-text.js';
import { progressReporter } from './progress-reporter.js';
import { disagreements } from './verify-report.js';
import { VerifyInterrupted, verifyServer, type VerifyOptions } from './verify-server.js';

export interface RunVerifyOptions extends Omit<
  VerifyOptions,
  'onProgress' | 'onNotice' | 'signal' | 'stopNow'
> {
  format?: string;
  width?: string | boolean;
}

/**
 * `valkey-track verify`: exit 0 when every measurement matches what is declared, 1 on any disagreement or
 * failed measurement, 2 on a usage or connection error, 130 when interrupted (after cleaning up).
 */
export async function runVerify(options: RunVerifyOptions): Promise<void> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json (got "${format}")`);
  const width = outputWidth(options.width);
  const abort = new AbortController();
  const stopNow = new AbortController();
  let interrupts = 0;
  // Ctrl-C finishes the recipe in flight, a second one drops it; both still remove the run's keys. A third
  // quits at once: what the run leaves, the next run recognises by its prefix and removes.
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(
        '\nverify: interrupted; finishing the current recipe and removing its keys (Ctrl-C again to stop at once)\n',
      );
      abort.abort(new Error(signal));
    } else if (interrupts === 2) {
      process.stderr.write(
        'verify: stopping now and removing the keys of the run (Ctrl-C again to quit without removing them)\n',
      );
      stopNow.abort(new Error(signal));
    } else {
      process.stderr.write('verify: quitting; the next verify run removes the keys this one leaves\n');
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.kill(process.pid, signal);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = progressReporter();
  try {
    const report = await verifyServer({
      ...options,
      onProgress: progress.report,
      onNotice: (notice) => process.stderr.write(`verify: ${notice}\n`),
      signal: abort.signal,
      stopNow: stopNow.signal,
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
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : formatVerifyText(report, process.env, width),
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
