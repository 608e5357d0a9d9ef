import { spawnSync } from 'node:child_process';
import { freePort, startServer, type ThrowawayServer } from './live-helpers.js';
import { cliOf, type Scenario, type ServerKind, type Target } from './client-scenarios.js';

/**
 * A server of the capture's own for one scenario (MONITOR sees only the scenario's traffic), with the
 * scenario's password if it needs one.
 */
export async function captureServer(
  kind: ServerKind,
  scenario: Scenario,
): Promise<{ server: ThrowawayServer; target: Target }> {
  const port = await freePort();
  const password = scenario.password;
  const server = startServer(
    kind,
    port,
    password ? ['--requirepass', password] : [],
    password ? ['--no-auth-warning', '-a', password] : [],
  );
  const target: Target = {
    kind,
    port,
    ...(password ? { password } : {}),
    setPassword(next) {
      const auth = target.password ? ['--no-auth-warning', '-a', target.password] : [];
      const r = spawnSync(
        cliOf[kind],
        ['-h', '127.0.0.1', '-p', String(port), ...auth, 'CONFIG', 'SET', 'requirepass', next],
        { encoding: 'utf8' },
      );
      if (r.stdout.trim() !== 'OK') throw new Error(`CONFIG SET requirepass failed: ${r.stdout}${r.stderr}`);
      target.password = next;
    },
  };
  return { server, target };
}
