import { cac } from 'cac';
import { createRequire } from 'node:module';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Declares the commands; each action lazily imports its implementation and makes one call. */
export async function main(argv: string[]): Promise<void> {
  const cli = cac('valkey-track');

  cli
    .command('explain [...argv]', 'Explain how CLIENT TRACKING covers one command invocation')
    .option('--mode <mode>', 'Tracking mode: default, optin, optout or bcast', { default: 'default' })
    .option('--prefix <prefix>', 'A BCAST prefix (repeatable)')
    .option('--server <server>', 'valkey or redis (default: the more conservative of the two)')
    .option('--format <format>', 'text or json', { default: 'text' })
    .example('valkey-track explain SORT_RO list BY w_* GET o_*')
    .example('valkey-track explain --mode bcast --prefix user: KEYS "user:*"')
    .action(async (args: string[], options) => {
      const { runExplain } = await import('./explain/run-explain.js');
      await runExplain(args, options);
    });

  cli
    .command('table', 'Print the bundled category of every command and subcommand')
    .option('--category <category>', 'Only full, partial or none')
    .option('--format <format>', 'text, json or markdown', { default: 'text' })
    .action(async (options) => {
      const { runTable } = await import('./table/run-table.js');
      await runTable(options);
    });

  cli.help((sections) => {
    sections.push({
      title: 'Exit codes',
      body: '  0 nothing found, 1 findings at or above --fail-on, 2 usage, I/O or connection error',
    });
  });
  cli.version(version);
  cli.parse(argv, { run: false });
  if (!cli.matchedCommand && !cli.options.help && !cli.options.version) {
    cli.outputHelp();
    if (cli.args.length > 0) {
      const { UsageError } = await import('./util/usage-error.js');
      throw new UsageError(`unknown command "${cli.args[0]}". Run \`valkey-track --help\` for the list`);
    }
    return;
  }
  await cli.runMatchedCommand();
}
