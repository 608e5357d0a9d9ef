import type { TSESLint } from '@typescript-eslint/utils';
import { recommendedRules } from './configs/recommended.js';
import noIncompleteInvalidation from './rules/no-incomplete-invalidation.js';
import noUncoveredCachedRead from './rules/no-uncovered-cached-read.js';
import { packageMeta } from './util/package-meta.js';

export const rules = {
  'no-incomplete-invalidation': noIncompleteInvalidation,
  'no-uncovered-cached-read': noUncoveredCachedRead,
};

/** The prefix rules go by in a config: `@valkey-track/no-uncovered-cached-read`. */
export const namespace = '@valkey-track';

const plugin = {
  meta: packageMeta,
  rules,
  configs: {} as { recommended: TSESLint.FlatConfig.Config },
};

plugin.configs.recommended = {
  name: `${namespace}/recommended`,
  plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules(namespace, rules),
};

export default plugin;
export type { PluginSettings, ClientSetting } from './util/settings.js';
export { moduleSpecifiers, resolveRelative as resolveImport } from './analysis/imports/resolve-module.js';
export { exportsAnything } from './analysis/imports/mentions.js';
export { modeledModules, sourcePattern } from './models/index.js';
export { registrationMentions } from './analysis/imports/registration-mentions.js';
export { mentionsFieldTtl } from './analysis/field-ttl.js';
export { takeAnalysisFailures } from './analysis/analysis-failures.js';
