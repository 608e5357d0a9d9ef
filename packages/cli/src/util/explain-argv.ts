/** explain's options that take a value (`--mode bcast`, `--mode=bcast`), and the global ones. */
const VALUED = new Set(['--mode', '--prefix', '--server', '--format', '--width']);

/**
 * `valkey-track explain ZRANGE k 0 -1` and `explain XRANGE s - +`: the command's words are not options, though
 * some look like them (`-1`, `-`, `+inf`). Rewrites explain's arguments as its options, then `--`, then the
 * words in their order, so the option parser never reads a word as a flag. Other commands' arguments, and an
 * unknown `--option`, are left for the parser (which refuses the latter).
 */
export function explainArgv(argv: readonly string[]): string[] {
  const at = argv.indexOf('explain', 2);
  if (at < 0 || argv.slice(2, at).some((token) => !token.startsWith('-'))) return [...argv];
  const options: string[] = [];
  const words: string[] = [];
  for (let i = at + 1; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (VALUED.has(token)) {
      options.push(token);
      if (i + 1 < argv.length) options.push(argv[++i]!);
    } else if (token.startsWith('--') || token === '-h') {
      options.push(token);
    } else {
      words.push(token);
    }
  }
  return [...argv.slice(0, at + 1), ...options, '--', ...words];
}
