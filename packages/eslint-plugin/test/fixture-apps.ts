import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../src/index.js';

/** fixtures/apps: sample applications with the findings each must and must not produce. */
export const appsDirectory = fileURLToPath(new URL('../../../fixtures/apps/', import.meta.url));

export interface Finding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  messageId: string;
}

/** An expected finding: `column` and `messageId` may be left out, and another place may be as right. */
export interface ExpectedFinding {
  file: string;
  line: number;
  column?: number;
  ruleId: string;
  messageId?: string;
  alsoAcceptAt?: { line: number; column?: number };
  options?: Record<string, unknown>;
  why?: string;
}

export interface ExpectedFindings {
  description: string;
  /** `settings` of the app's eslint.config.js, repeated so the rule tests need not import it. */
  settings?: Record<string, unknown>;
  findings: ExpectedFinding[];
  mustNotReport: Array<{ file: string; line: number; why: string }>;
  /** Findings only with the given rule options (`untracked: true`). */
  withOptions?: ExpectedFinding[];
  /** Findings that need the modules an app's files import: the plugin reads them, so these are expected too. */
  crossModule?: ExpectedFinding[];
  /** Lines the contract does not decide: reported or not, either is right. */
  ambiguous?: Array<{ file: string; line: number }>;
}

export const listApps = (): string[] =>
  readdirSync(appsDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

export const readExpected = (app: string): ExpectedFindings =>
  JSON.parse(readFileSync(join(appsDirectory, app, 'expected-findings.json'), 'utf8')) as ExpectedFindings;

/** Every finding an app must produce with default options: its findings and its cross-module ones. */
export const requiredFindings = (expected: ExpectedFindings): ExpectedFinding[] => [
  ...expected.findings,
  ...(expected.crossModule ?? []),
];

export function sourceFiles(app: string): string[] {
  const walk = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) =>
        entry.isDirectory()
          ? walk(join(directory, entry.name))
          : /\.[cm]?[jt]sx?$/.test(entry.name)
            ? [join(directory, entry.name)]
            : [],
      );
  return walk(join(appsDirectory, app, 'src'));
}

export const byPosition = (a: Finding, b: Finding): number =>
  a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);

const at = (finding: Finding, line: number, column: number | undefined): boolean =>
  finding.line === line && (column === undefined || finding.column === column);

/** Whether a finding is the expected one: same file and rule, at its place (or the other accepted one). */
export const matches = (finding: Finding, expected: ExpectedFinding): boolean =>
  finding.file === expected.file &&
  finding.ruleId === expected.ruleId &&
  (expected.messageId === undefined || finding.messageId === expected.messageId) &&
  (at(finding, expected.line, expected.column) ||
    (expected.alsoAcceptAt !== undefined &&
      at(finding, expected.alsoAcceptAt.line, expected.alsoAcceptAt.column)));

export const describeFinding = (f: Finding): string =>
  `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId}`;
export const describeExpected = (f: ExpectedFinding): string =>
  `${f.file}:${f.line}:${f.column ?? '*'} ${f.ruleId} ${f.messageId ?? '*'}`;

/**
 * Matches findings against expectations one to one: expected findings nothing matched, and findings that are
 * neither expected nor on an ambiguous line.
 */
export function compareFindings(
  actual: readonly Finding[],
  expected: readonly ExpectedFinding[],
  ambiguous: ReadonlyArray<{ file: string; line: number }> = [],
): { missing: string[]; unexpected: string[] } {
  const used = new Set<number>();
  const missing: string[] = [];
  for (const want of expected) {
    const index = actual.findIndex((finding, i) => !used.has(i) && matches(finding, want));
    if (index === -1) missing.push(describeExpected(want));
    else used.add(index);
  }
  const unexpected = actual
    .filter(
      (finding, i) =>
        !used.has(i) && !ambiguous.some((a) => a.file === finding.file && a.line === finding.line),
    )
    .map(describeFinding);
  return { missing, unexpected };
}

/** An app's own module system: `"type": "module"` in its package.json, else CommonJS for JavaScript. */
function sourceTypeOf(app: string, file: string): 'module' | 'commonjs' {
  if (/\.[cm]?tsx?$/.test(file) || file.endsWith('.mjs')) return 'module';
  const packageJson = JSON.parse(readFileSync(join(appsDirectory, app, 'package.json'), 'utf8')) as {
    type?: string;
  };
  return packageJson.type === 'module' ? 'module' : 'commonjs';
}

/** Lints an app's sources with the recommended config (from src/), its settings and rule options. */
export function lintApp(
  app: string,
  settings: Record<string, unknown> = {},
  ruleOptions: Record<string, Record<string, unknown>> = {},
): Finding[] {
  const root = join(appsDirectory, app);
  const linter = new Linter({ configType: 'flat', cwd: root });
  const rules = { ...plugin.configs.recommended.rules } as Record<string, unknown>;
  for (const [rule, options] of Object.entries(ruleOptions)) rules[rule] = ['error', options];
  const findings: Finding[] = [];
  for (const file of sourceFiles(app)) {
    const config = [
      {
        files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
        languageOptions: {
          parser: parser as Linter.Parser,
          sourceType: sourceTypeOf(app, file),
          parserOptions: { ecmaFeatures: { jsx: true } },
        },
      },
      { ...plugin.configs.recommended, rules } as Linter.Config,
      { settings },
    ];
    const messages = linter.verify(readFileSync(file, 'utf8'), config, file);
    for (const message of messages) {
      findings.push({
        file: relative(root, file),
        line: message.line,
        column: message.column,
        ruleId: message.ruleId ?? '(fatal)',
        messageId: message.messageId ?? message.message,
      });
    }
  }
  return findings.sort(byPosition);
}
