/** The most failures kept between two takes: a bug that hits every module needs no thousand examples. */
const MAX_FAILURES = 100;

const failures: { file: string; message: string }[] = [];

/**
 * A module whose analysis threw (code the analysis has no case for: a bug of ours). The rules leave it unjudged
 * rather than stop the lint run; whoever runs them in-process (`valkey-track audit`) takes the list and reports it.
 */
export function recordAnalysisFailure(file: string, error: unknown): void {
  if (failures.length >= MAX_FAILURES) return;
  const message = error instanceof Error ? error.message : String(error);
  failures.push({ file, message: message.split('\n')[0]! });
}

/** The failures recorded since the last take. */
export function takeAnalysisFailures(): { file: string; message: string }[] {
  return failures.splice(0);
}
