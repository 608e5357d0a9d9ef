// Lints the plugin's own rules with eslint-plugin-eslint-plugin (STYLE.md); test/lint-rules.test.ts runs it.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tsParser from '@typescript-eslint/parser';

export default [
  {
    files: ['src/rules/**/*.ts'],
    languageOptions: { parser: tsParser },
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      // typescript-eslint's RuleCreator takes `defaultOptions` beside `meta` and applies them itself.
      'eslint-plugin/require-meta-default-options': 'off',
      // Reports carry command, category and reasons in `data` for `valkey-track audit`
      // (packages/cli/src/code-audit/report-capture.ts), beyond the message's placeholders.
      'eslint-plugin/no-unused-placeholders': 'off',
    },
  },
];
