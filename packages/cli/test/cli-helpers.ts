import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const builtBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Close the read end of stdout at once, as `| head` does once it has read enough. */
  closeStdout?: boolean;
  stdin?: string;
}

/**
 * Runs the built binary as a user would, with colours off and no width asked for (COLUMNS unset) unless the
 * test sets them.
 */
export function runBuiltCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [builtBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, COLUMNS: undefined, ...options.env },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    let stdout = '';
    let stderr = '';
    if (options.closeStdout) child.stdout!.destroy();
    else child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
