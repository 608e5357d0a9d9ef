import { ESLintUtils } from '@typescript-eslint/utils';

export interface PluginDocs {
  description: string;
  /** Whether the rule is part of the `recommended` config. */
  recommended?: boolean;
}

export const docsUrl = (name: string): string =>
  `https://github.com/valkey-track/valkey-track/blob/main/packages/eslint-plugin/docs/rules/${name}.md`;

export const createRule = ESLintUtils.RuleCreator<PluginDocs>(docsUrl);
