import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appsDirectory = fileURLToPath(new URL('../../../fixtures/apps/', import.meta.url));
const pluginDirectory = fileURLToPath(new URL('../../eslint-plugin/', import.meta.url));

export const listApps = (): string[] =>
  readdirSync(appsDirectory, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

export interface ExpectedFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  messageId: string;
}

export const readExpected = (app: string): ExpectedFinding[] =>
  (
    JSON.parse(readFileSync(join(appsDirectory, app, 'expected-findings.json'), 'utf8')) as {
      findings: ExpectedFinding[];
    }
  ).findings;

/**
 * A copy of the sample apps whose `eslint.config.js` files load: the built plugin is linked into the copy's
 * node_modules, as in a project that installed it.
 */
export function appsWithPlugin(): string {
  const directory = mkdtempSync(join(tmpdir(), 'vt-code-audit-'));
  cpSync(appsDirectory, join(directory, 'apps'), { recursive: true });
  mkdirSync(join(directory, 'node_modules', '@valkey-track'), { recursive: true });
  symlinkSync(pluginDirectory, join(directory, 'node_modules', '@valkey-track', 'eslint-plugin'), 'dir');
  return directory;
}

export const newDirectory = (): string => mkdtempSync(join(tmpdir(), 'vt-code-audit-'));
