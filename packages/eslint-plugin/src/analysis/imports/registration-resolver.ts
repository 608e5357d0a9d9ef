import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder, RegistrationResolver } from '../flow/builder.js';
import {
  CONTEXT_PATTERN,
  DECORATION_PATTERN,
  INJECTED_TRACKING_PATTERN,
  PROVIDER_PATTERN,
} from '../registration-sites.js';
import type { PluginSettings } from '../../util/settings.js';
import { MAKES_STORE } from '../../models/cache-libraries.js';
import { loadSummary } from './load-summary.js';
import { materialize } from './materialize.js';
import { nearestRegistration } from './nearest-registration.js';
import { fileUsesSources } from './mentions.js';
import { matchesPattern, projectModulesMatching } from './project-files.js';
import type { ExportSummary } from './summary.js';

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * An exported request-context factory (`export async function createGraphQLContext(request)`): it hands every
 * request the caches of its module (`hotTags` beside it) even when the client it passes comes from elsewhere
 * (`request.server.redis`).
 */
const EXPORTED_CONTEXT_FACTORY =
  /\bexport\s+(?:default\s+)?(?:async\s+)?function\s+create\w*Context\b|\bexport\s+const\s+create\w*Context\s*=/;

/**
 * Resolves a key a framework registers a client under (a Nest token, a fastify decoration) to the client the
 * registering module makes, with its tracking: the project's modules that can register one are found by their
 * text and summarized once, on the first key asked for of each kind.
 */
export function registrationResolver(context: RuleContext, settings: PluginSettings): RegistrationResolver {
  const languageOptions = context.languageOptions as unknown as Record<string, unknown>;
  const indexes = new Map<RegExp, Map<string, Array<{ file: string; summary: ExportSummary }>>>();
  const indexOf = (pattern: RegExp) => {
    let index = indexes.get(pattern);
    if (index) return index;
    index = new Map();
    indexes.set(pattern, index);
    // Decorations and contexts carry caches too: a fastify plugin of its own decorating the instance with one.
    const storesCount = pattern === DECORATION_PATTERN || pattern === CONTEXT_PATTERN;
    for (const file of projectModulesMatching(context.filename, pattern)) {
      // A module that registers a client makes one or imports one (exporting nothing, as an app's entry module
      // does), or registers a store it makes: the others (a library's `context:` options, `this.state.x = ...`)
      // are not summarized.
      if (
        file === context.filename ||
        (!fileUsesSources(file) &&
          !matchesPattern(file, EXPORTED_CONTEXT_FACTORY) &&
          !(storesCount && matchesPattern(file, MAKES_STORE)))
      )
        continue;
      const registrations = loadSummary(file, languageOptions, settings, 'deep')?.registrations;
      for (const [key, summary] of registrations ?? []) {
        const registering = index.get(key) ?? [];
        registering.push({ file, summary });
        index.set(key, registering);
      }
    }
    return index;
  };
  return (b: FlowBuilder, key: string, site: TSESTree.Node) => {
    const pattern = key.startsWith('d:')
      ? DECORATION_PATTERN
      : key.startsWith('c:')
        ? CONTEXT_PATTERN
        : key.startsWith('t:')
          ? INJECTED_TRACKING_PATTERN
          : PROVIDER_PATTERN;
    let registering = indexOf(pattern).get(key) ?? [];
    // A wrapper library's connection is registered by every module given it whose text says "tracking" (a
    // controller's `tracking` field too): only the ones that turn tracking on for it count.
    if (key.startsWith('t:'))
      registering = registering.filter(({ summary }) => summary.client?.tracking.some((state) => state.on));
    const found = nearestRegistration(context.filename, registering);
    return found ? materialize(b, found.summary, `${found.file}#${key}`, site) : [];
  };
}
