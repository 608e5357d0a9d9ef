import type { Command } from 'cac';

/** The connection options of every command that talks to a live server. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', 'valkey://, valkeys://, redis:// or rediss:// [user[:password]@]host[:port][/db]')
    .option('--host <host>', 'Server host (default: 127.0.0.1)')
    .option('--port <port>', 'Server port (default: 6379)')
    .option('--user <user>', 'ACL user name')
    .option('--db <db>', 'Database number (default: 0)')
    .option('--password-env <name>', 'Read the password from this environment variable')
    .option('--password-file <path>', 'Read the password from this file')
    .option('--tls', 'Connect with TLS (implied by valkeys:// and rediss://)')
    .option('--tls-ca <file>', 'PEM file of the CA that signed the server certificate')
    .option('--tls-cert <file>', 'PEM client certificate')
    .option('--tls-key <file>', 'PEM key of the client certificate')
    .option('--tls-servername <name>', 'Name to check the server certificate against (default: the host)')
    .option(
      '--timeout <ms>',
      'Bound on the whole connect (TCP, TLS, AUTH, first reply) and on each command, in ms (default: 5000)',
    );
}
