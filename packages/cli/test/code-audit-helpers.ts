import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appsDirectory = fileURLToPath(new URL('../../../fixtures/apps/', import.meta.url));
const pluginDirectory = fileURLToPath(new URL('../../eslint-plugin/', import.meta.url));
const parserDirectory = dirname(
  createRequire(import.meta.url).resolve('@typescript-eslint/parser/package.json'),
);

export const listApps = (): string[] =>
  readdirSync(appsDirectory, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

export interface ExpectedFinding {
  file: string;
  line: number;
  column?: number;
  ruleId: string;
  messageId?: string;
  alsoAcceptAt?: { line: number; column?: number };
}

interface ExpectedFindings {
  findings: ExpectedFinding[];
  crossModule?: ExpectedFinding[];
  ambiguous?: Array<{ file: string; line: number }>;
}

const readApp = (app: string): ExpectedFindings =>
  JSON.parse(readFileSync(join(appsDirectory, app, 'expected-findings.json'), 'utf8')) as ExpectedFindings;

/** Every finding an app must produce with default options (its cross-module ones too: the plugin reads imports). */
export const readExpected = (app: string): ExpectedFinding[] => {
  const expected = readApp(app);
  return [...expected.findings, ...(expected.crossModule ?? [])];
};

/** Lines of an app where a finding is neither required nor wrong. */
export const ambiguousLines = (app: string): Array<{ file: string; line: number }> =>
  readApp(app).ambiguous ?? [];

/** A finding at an expected place: its line and column, or the other place accepted for it. */
export function matchesExpected(
  finding: { file?: string; line: number; column: number; rule: string },
  expected: ExpectedFinding,
  prefix = '',
): boolean {
  const at = (line: number, column: number | undefined) =>
    finding.line === line && (column === undefined || finding.column === column);
  return (
    finding.file === prefix + expected.file &&
    finding.rule === expected.ruleId &&
    (at(expected.line, expected.column) ||
      (expected.alsoAcceptAt !== undefined && at(expected.alsoAcceptAt.line, expected.alsoAcceptAt.column)))
  );
}

/**
 * A copy of the sample apps whose `eslint.config.js` files load: the built plugin is linked into the copy's
 * node_modules, as in a project that installed it.
 */
export function appsWithPlugin(): string {
  const directory = mkdtempSync(join(tmpdir(), 'vt-code-audit-'));
  cpSync(appsDirectory, join(directory, 'apps'), { recursive: true });
  mkdirSync(join(directory, 'node_modules', '@valkey-track'), { recursive: true });
  symlinkSync(pluginDirectory, join(directory, 'node_modules', '@valkey-track', 'eslint-plugin'), 'dir');
  // TypeScript apps' eslint.config.js import the parser.
  mkdirSync(join(directory, 'node_modules', '@typescript-eslint'), { recursive: true });
  symlinkSync(parserDirectory, join(directory, 'node_modules', '@typescript-eslint', 'parser'), 'dir');
  return directory;
}

export const newDirectory = (): string => mkdtempSync(join(tmpdir(), 'vt-code-audit-'));
