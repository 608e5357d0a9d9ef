import type { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import valkeyTrack, { namespace } from '@valkey-track/eslint-plugin';
import { settingsKey } from './project-settings.js';

export interface CodeAuditConfigOptions {
  /** The plugin object to run; the code audit passes one that records each report's data. */
  plugin?: typeof valkeyTrack;
  /** `settings['valkey-track']`. */
  settings?: Record<string, unknown>;
  /** Options of our rules, by rule id (`@valkey-track/no-uncovered-cached-read`). */
  ruleOptions?: Record<string, Record<string, unknown>>;
}

/**
 * The configuration the code audit lints with: the plugin's recommended rules and nothing else, espree for
 * JavaScript (with JSX), typescript-eslint's parser for TypeScript, no type information. Exported so that
 * ESLint's own CLI can run exactly the same rules (`bench/code-audit.mjs`).
 */
export function codeAuditConfig(options: CodeAuditConfigOptions = {}): Linter.Config[] {
  const plugin = options.plugin ?? valkeyTrack;
  const ruleIds = Object.keys(valkeyTrack.configs.recommended.rules ?? {});
  const rules = Object.fromEntries(
    ruleIds.map((id) => {
      const ruleOptions = options.ruleOptions?.[id];
      return [id, ruleOptions ? (['error', ruleOptions] as Linter.RuleEntry) : ('error' as const)];
    }),
  );
  return [
    {
      name: 'valkey-track/javascript',
      files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'],
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
    },
    { name: 'valkey-track/commonjs', files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      name: 'valkey-track/typescript',
      files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
      languageOptions: { parser: tsParser as Linter.Parser, sourceType: 'module' },
    },
    {
      name: 'valkey-track/rules',
      files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
      plugins: { [namespace]: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules,
      settings: { [settingsKey]: options.settings ?? {} },
    },
  ];
}
