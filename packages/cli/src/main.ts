import { cac } from 'cac';
import { createRequire } from 'node:module';
import { withConnectionOptions } from './connect/connection-cli-options.js';

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

  withConnectionOptions(
    cli.command(
      'commands',
      "Read a live server's commands and print each one's tracking category and its source",
    ),
  )
    .option('--format <format>', 'text, json (a category map for the linter and audits) or markdown', {
      default: 'text',
    })
    .option('--category <category>', 'Only full, partial or none')
    .option('--source <source>', 'Only acl-category, tip, bundled or inferred')
    .option('--fail-on-drift', 'Exit 1 when the server differs from the bundled data')
    .example('valkey-track commands --url valkey://127.0.0.1:6379')
    .example(
      'valkey-track commands --url rediss://app@cache:6380 --password-env CACHE_PASSWORD --format json > categories.json',
    )
    .action(async (options) => {
      const { runCommands } = await import('./commands/run-commands.js');
      await runCommands(options);
    });

  withConnectionOptions(
    cli.command(
      'audit [...paths]',
      'Find reads CLIENT TRACKING does not cover: in code (ESLint rules), in a MONITOR log, on a live server',
    ),
  )
    .option('--staged', 'Audit the files staged in git (for a pre-commit hook)')
    .option('--no-prefilter', 'Lint every file, not only those that can hold a finding')
    .option('--monitor [file]', 'Audit a captured MONITOR log (- for stdin; gzip is recognised)')
    .option('--live', 'Capture MONITOR from the server given by --url for --duration')
    .option('--duration <time>', 'How long --live captures: 30s, 2m, 500ms', { default: '30s' })
    .option(
      '--tracking-clients <list>',
      'Clients tracking before the capture: ADDR[=MODE[/PREFIX...]],... or *',
    )
    .option(
      '--jobs <n>',
      'Threads for a MONITOR log file: a number, or auto (one per core, for large files)',
      {
        default: 'auto',
      },
    )
    .option('--categories <file>', 'A category map from `valkey-track commands --format json`')
    .option('--server <server>', 'valkey or redis (default: the more conservative of the two)')
    .option('--format <format>', 'text, json or sarif', { default: 'text' })
    .option('--fail-on <category>', 'Exit 1 for findings at or above: partial, none or never', {
      default: 'partial',
    })
    .option('--no-progress', 'No progress bar on stderr')
    .example('valkey-track audit src')
    .example('valkey-track audit --staged --format sarif')
    .example('valkey-track audit --monitor monitor.log.gz')
    .example(
      'valkey-cli monitor | valkey-track audit --monitor - --tracking-clients 10.0.0.7:41234=bcast/user:',
    )
    .example('valkey-track audit --live --url valkey://127.0.0.1:6379 --duration 30s --format json')
    .action(async (paths: string[], options) => {
      const { runAudit } = await import('./audit/run-audit.js');
      await runAudit(paths, options);
    });

  withConnectionOptions(
    cli.command('verify', 'Measure on a live server whether CLIENT TRACKING covers each command as declared'),
  )
    .option(
      '--beside-data',
      'Run in a database that holds keys, touching only keys under a prefix of its own',
    )
    .option(
      '--server-wide',
      'Also run recipes that change server config (CONFIG SET, FUNCTION, FLUSHALL): only on a server of your own with no data',
    )
    .option('--format <format>', 'text or json', { default: 'text' })
    .example('valkey-track verify --url valkey://127.0.0.1:6379 --db 15')
    .action(async (options) => {
      const { runVerify } = await import('./verify/run-verify.js');
      await runVerify(options);
    });

  cli.help((sections) => {
    sections.push({
      title: 'Exit codes',
      body: [
        '  0  clean',
        '  1  findings at or above --fail-on (audit), disagreements (verify), drift (commands --fail-on-drift)',
        '  2  usage, I/O or connection error',
        '  130  interrupted (verify, after cleaning up)',
      ].join('\n'),
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
