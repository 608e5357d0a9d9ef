import { UsageError } from './usage-error.js';

/** cac's own usage messages, in the words of the rest of the CLI. */
function plainCacMessage(message: string): string {
  const unused = /^Unused args: (.*)$/.exec(message);
  if (unused) return `unexpected argument ${unused[1]!.replaceAll('`', '')}`;
  const missing = /^option `(--[\w-]+)[^`]*` value is missing$/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  return message;
}

/** Exit codes: 0 clean, 1 findings, 2 usage, I/O or connection errors. */
export function handleError(error: unknown): void {
  if (error instanceof UsageError) {
    process.stderr.write(`valkey-track: ${error.message}\n`);
  } else if (error instanceof Error && error.name === 'CACError') {
    process.stderr.write(`valkey-track: ${plainCacMessage(error.message)}. Run \`valkey-track --help\`\n`);
  } else {
    process.stderr.write(
      `valkey-track: unexpected error, please report it:\n${(error as Error)?.stack ?? String(error)}\n`,
    );
  }
  process.exitCode = 2;
}
