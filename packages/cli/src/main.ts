import { cac } from 'cac';
import { createRequire } from 'node:module';
import { withConnectionOptions } from './connect/connection-cli-options.js';
import { explainArgv } from './util/explain-argv.js';
import { tidyHelp } from './util/tidy-help.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Declares the commands; each action lazily imports its implementation and makes one call. */
export async function main(argv: string[]): Promise<void> {
  const cli = cac('valkey-track');
  cli.option(
    '--width [columns]',
    'Wrap text output at this width; bare: 80, 0: never. Default: the terminal width, or COLUMNS; no wrapping on a pipe',
  );

  cli
    .command('explain [...argv]', 'Explain how CLIENT TRACKING covers one command invocation')
    .option('--mode <mode>', 'Tracking mode: default, optin, optout or bcast', { default: 'default' })
    .option('--prefix <prefix>', 'A BCAST prefix (repeatable)')
    .option(
      '--server <server>',
      'valkey or redis, optionally with its version: valkey@9.1 (default: the worst case of every version the data knows)',
    )
    .option('--hash-field-ttl', "The hash's fields carry TTLs (HEXPIRE, HSETEX ... EX)")
    .option('--format <format>', 'text or json', { default: 'text' })
    .example('valkey-track explain SORT_RO list BY w_* GET o_*')
    .example('valkey-track explain --server valkey@9.1 --hash-field-ttl HGETALL session:1')
    .example('valkey-track explain --mode bcast --prefix user: KEYS "user:*"')
    .action(async (_args: string[], options) => {
      const { runExplain } = await import('./explain/run-explain.js');
      const { rawOptionValues } = await import('./util/raw-option-values.js');
      // The words come after the `--` explainArgv put before them, exactly as typed.
      const words = (options['--'] as string[] | undefined) ?? [];
      await runExplain(words, { ...options, prefix: rawOptionValues(argv, 'prefix') ?? options.prefix });
    });

  cli
    .command('table', 'Print the bundled category of every command and subcommand')
    .option('--category <category>', 'Only full, partial or none')
    .option('--server <server>', 'Only the commands of valkey or redis, or of one version: valkey@9.1')
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
    .option(
      '--fail-on-drift',
      'Exit 1 when the server differs from the bundled data, or the primaries of a cluster differ',
    )
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
      'clients',
      'Which client libraries cache which commands, and how CLIENT TRACKING covers each on each server',
    ),
  )
    .option('--format <format>', 'text, json or markdown', { default: 'text' })
    .option(
      '--library <id>',
      'Only this library model (repeatable): node-redis-6.3, valkey-glide-ttl, jedis, ...',
    )
    .option('--all', 'Every library, also inside a project that installs only some')
    .option(
      '--project <dir>',
      'The project whose installed client libraries to read (default: the working directory)',
    )
    .example('valkey-track clients')
    .example('valkey-track clients --url valkey://127.0.0.1:6379 --library node-redis-6.3')
    .example('valkey-track clients --all --format markdown > clients.md')
    .action(async (options) => {
      const { runClients } = await import('./clients/run-clients.js');
      await runClients(options);
    });

  withConnectionOptions(
    cli.command(
      'audit [...paths]',
      'Find reads CLIENT TRACKING does not cover: in code (ESLint rules), in a MONITOR log, on a live server',
    ),
  )
    .option('--staged', 'Audit the content staged in git, what the commit will hold (for a pre-commit hook)')
    .option('--no-prefilter', 'Lint every file, not only those that can hold a finding')
    .option(
      '--monitor [file]',
      'Audit captured MONITOR logs: one, or one per node (files or globs), merged (- for stdin; gzip is recognised)',
    )
    .option(
      '--live',
      'Capture MONITOR for --duration from --url: a server, every primary of a cluster, or each --url of a fleet',
    )
    .option('--replicas', 'With --live on a cluster: capture the replicas too')
    .option(
      '--no-discover',
      'With --live: capture only the servers given by --url, not the rest of their cluster (to split a big cluster over processes)',
    )
    .option(
      '--node <name>',
      'Name the node one log was captured on, for `valkey-track merge` with other nodes',
    )
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
    .option(
      '--server <server>',
      'The server a log was captured on, optionally with its version: valkey@9.1 (code: valkey or redis; default: the worst case of every version the data knows; --live asks the server)',
    )
    .option('--format <format>', 'text, json, sarif or html (one self-contained page)', { default: 'text' })
    .option('--fail-on <category>', 'Exit 1 for findings at or above: unknown, partial, none or never', {
      default: 'partial',
    })
    .option('--no-progress', 'No progress bar on stderr')
    .example('valkey-track audit src')
    .example('valkey-track audit --staged --format sarif')
    .example('valkey-track audit --monitor monitor.log.gz')
    .example(
      'valkey-cli monitor | valkey-track audit --monitor - --tracking-clients 10.0.0.7:41234=bcast/user:',
    )
    .example('valkey-track audit --monitor node-1.log node-2.log.gz "logs/node-*.log"')
    .example('valkey-track audit --live --url valkey://127.0.0.1:6379 --duration 30s --format json')
    .example('valkey-track audit --live --url valkey://any-cluster-node:6379 --replicas --duration 1m')
    .example('valkey-track audit --monitor monitor.log --format html > report.html')
    .action(async (paths: string[], options) => {
      const { runAudit } = await import('./audit/run-audit.js');
      await runAudit(paths, options);
    });

  cli
    .command(
      'merge [...reports]',
      'Merge the --format json reports of MONITOR audits (one per node) into one',
    )
    .option('--format <format>', 'text, json, sarif or html', { default: 'text' })
    .option('--fail-on <category>', 'Exit 1 for findings at or above: unknown, partial, none or never', {
      default: 'partial',
    })
    .example('valkey-track merge node-1.json node-2.json node-3.json')
    .example('valkey-track merge "reports/*.json" --format json > cluster.json')
    .action(async (reports: string[], options) => {
      const { runMerge } = await import('./fleet/run-merge.js');
      await runMerge(reports, options);
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

  cli.help((sections) => tidyHelp(sections));
  cli.version(version);
  // Defaults are shown in help but applied by each command, so a command can tell an option given from one
  // left at its default (`--duration` means nothing without `--live`).
  cli.globalCommand.config.ignoreOptionDefaultValue = true;
  cli.parse(explainArgv(argv), { run: false });
  // cac has printed the help, or the version (which it prints only without a command).
  if (cli.options.help || (cli.options.version && !cli.matchedCommand)) return;
  const { checkUsage } = await import('./util/check-usage.js');
  checkUsage(cli);
  if (!cli.matchedCommand) {
    cli.outputHelp();
    return;
  }
  await cli.runMatchedCommand();
}
