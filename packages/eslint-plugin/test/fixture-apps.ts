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

export interface ExpectedFindings {
  description: string;
  /** `settings` of the app's eslint.config.js, repeated so the rule tests need not import it. */
  settings?: Record<string, unknown>;
  findings: Finding[];
  mustNotReport: Array<{ file: string; line: number; why: string }>;
}

export const listApps = (): string[] =>
  readdirSync(appsDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

export const readExpected = (app: string): ExpectedFindings =>
  JSON.parse(readFileSync(join(appsDirectory, app, 'expected-findings.json'), 'utf8')) as ExpectedFindings;

export function sourceFiles(app: string): string[] {
  const directory = join(appsDirectory, app, 'src');
  return readdirSync(directory)
    .filter((name) => /\.[cm]?[jt]s$/.test(name))
    .sort()
    .map((name) => join(directory, name));
}

export const byPosition = (a: Finding, b: Finding): number =>
  a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);

/** Lints an app's sources with the recommended config (from src/) and its settings. */
export function lintApp(app: string, settings: Record<string, unknown> = {}): Finding[] {
  const root = join(appsDirectory, app);
  const linter = new Linter({ configType: 'flat', cwd: root });
  const config = [
    { files: ['**/*.js', '**/*.ts'], languageOptions: { parser: parser as Linter.Parser } },
    plugin.configs.recommended as Linter.Config,
    { settings },
  ];
  const findings: Finding[] = [];
  for (const file of sourceFiles(app)) {
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
