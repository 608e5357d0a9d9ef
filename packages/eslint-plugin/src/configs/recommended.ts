import type { TSESLint } from '@typescript-eslint/utils';
import type { PluginDocs } from '../util/create-rule.js';

type PluginRule = TSESLint.RuleModule<string, readonly unknown[], PluginDocs>;

/** The rules whose `meta.docs.recommended` is true, as errors, under the plugin's namespace. */
export function recommendedRules(
  namespace: string,
  rules: Record<string, PluginRule>,
): Record<string, 'error'> {
  return Object.fromEntries(
    Object.entries(rules)
      .filter(([, rule]) => rule.meta.docs?.recommended === true)
      .map(([name]) => [`${namespace}/${name}`, 'error' as const]),
  );
}
