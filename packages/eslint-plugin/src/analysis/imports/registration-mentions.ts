import {
  CONTEXT_PATTERN,
  DECORATION_PATTERN,
  INJECTED_TRACKING_PATTERN,
  PROVIDER_PATTERN,
  WRAPPER_CONNECTION,
} from '../registration-sites.js';
import { fileMentionsSources } from './mentions.js';
import { nitroAutoImportsOf } from './nitro-auto-imports.js';
import { projectModulesMatching, projectRoot } from './project-files.js';
import { registeredNames } from './registered-names.js';

const escape = (text: string): string => text.replace(/[$]/g, '\\$&');

const REUSE_MS = 5000;
/**
 * An application's registering module names a few things (`decorate('redis', ...)`, `res.locals.cache`); a
 * module past this many is a bundle of library code (playwright-core's bundles name hundreds: `name`, `value`,
 * `data`), whose names would let every file of the project past the pre-filter without making any a client's.
 */
const MAX_NAMES_PER_MODULE = 32;
const byRoot = new Map<string, { at: number; pattern: RegExp | undefined }>();

/**
 * What a module must mention to receive a client another module of its project registers (`registrations.ts`):
 * a registered name, `@Inject(` or `@inject(` where the project has providers or container registrations, or
 * `@InjectRedis(` or `redisService.getOrThrow(` where a module turns tracking on for a Nest wrapper library's
 * connection.
 * Undefined when the project registers nothing. A module with neither cannot receive one, and is skipped as a
 * module naming no client is.
 */
export function registrationMentions(file: string): RegExp | undefined {
  const root = projectRoot(file);
  if (!root) return undefined;
  const now = Date.now();
  const cached = byRoot.get(root);
  if (cached && now - cached.at < REUSE_MS) return cached.pattern;
  const names = new Set(
    [...projectModulesMatching(file, DECORATION_PATTERN), ...projectModulesMatching(file, CONTEXT_PATTERN)]
      .filter((module) => fileMentionsSources(module))
      .flatMap((module) => {
        const names = registeredNames(module);
        return new Set(names).size > MAX_NAMES_PER_MODULE ? [] : names;
      }),
  );
  // Nitro's auto-imports: what `server/utils/` exports reaches the server's modules with no import.
  for (const [name, module] of nitroAutoImportsOf(root)) if (fileMentionsSources(module)) names.add(name);
  const alternatives = [...names].map((name) => `\\b${escape(name)}\\b`);
  if (projectModulesMatching(file, PROVIDER_PATTERN).some((module) => fileMentionsSources(module)))
    alternatives.push('@[Ii]nject\\s*\\(');
  if (projectModulesMatching(file, INJECTED_TRACKING_PATTERN).some((module) => fileMentionsSources(module)))
    alternatives.push(WRAPPER_CONNECTION);
  const pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|')) : undefined;
  byRoot.set(root, { at: now, pattern });
  return pattern;
}
