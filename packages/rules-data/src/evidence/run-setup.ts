import { expand, expandArgv, type Namespace } from './namespace.js';
import type { Argv, EvidenceConnection } from './types.js';

/** Runs setup commands; `SELECT n` switches database for the commands after it, back home at the end. */
export const runSetup = async (
  connection: EvidenceConnection,
  setup: readonly Argv[],
  ns: Namespace,
  home: number,
) => {
  let db = home;
  try {
    for (const argv of setup) {
      if (argv[0]?.toUpperCase() === 'SELECT') db = Number(expand(argv[1] ?? '', ns));
      await connection.call(expandArgv(argv, ns));
    }
  } finally {
    if (db !== home) await connection.call(['SELECT', String(home)]);
  }
};
