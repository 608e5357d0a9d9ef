import { readFileSync } from 'node:fs';
import {
  CONTEXT_PATTERN,
  DECORATION_PATTERN,
  MAKES_CONTEXT,
  PROVIDER_PATTERN,
} from '../registration-sites.js';
import { fileMentionsSources } from './mentions.js';
import { projectModulesMatching, projectRoot } from './project-files.js';

/**
 * Names put on an object by a fastify or hapi decoration, an awilix registration, @fastify/redis or `locals`, and
 * the keys of request-context entries (the last word of a key: `valkeyContext`, `redis`).
 */
const NAMES = [
  /\.decorate\s*\(\s*(?:['"`][\w$]+['"`]\s*,\s*)?['"`]([\w$]+)['"`]/g,
  /\b([\w$]+)\s*:\s*as(?:Value|Function)\s*\(/g,
  /\bregister\s*\(\s*['"`]([\w$]+)['"`]\s*,\s*as(?:Value|Function)\s*\(/g,
  /\.(?:locals|context|state)\.([\w$]+)\s*=[^=]/g,
  /(?<![\w$])(?:c|ctx|context|app)\.set\s*\(\s*['"`]([\w$:.-]+)['"`]\s*,/g,
  /\.set\s*\(\s*(?:[\w$]+\.)*([\w$]*(?:Context|CONTEXT))\s*,/g,
];
const escape = (text: string): string => text.replace(/[$]/g, '\\$&');

const REUSE_MS = 5000;
const byRoot = new Map<string, { at: number; pattern: RegExp | undefined }>();

function namesIn(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const names = NAMES.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
  if (text.includes('@fastify/redis')) names.push('redis');
  // The members of a request context a function returns (`return { glide, user }`, `=> ({ redis })`).
  if (MAKES_CONTEXT.test(text))
    for (const match of text.matchAll(/(?:\breturn|=>\s*\()\s*\{([^{}]*)\}/g))
      for (const entry of match[1]!.split(',')) names.push(/^\s*(?:\.\.\.)?([\w$]+)/.exec(entry)?.[1] ?? '');
  return names;
}

/**
 * What a module must mention to receive a client another module of its project registers (`registrations.ts`):
 * a registered name, or `@Inject(` or `@inject(` where the project has providers or container registrations.
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
      .flatMap(namesIn),
  );
  const alternatives = [...names].map((name) => `\\b${escape(name)}\\b`);
  if (projectModulesMatching(file, PROVIDER_PATTERN).some((module) => fileMentionsSources(module)))
    alternatives.push('@[Ii]nject\\s*\\(');
  const pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|')) : undefined;
  byRoot.set(root, { at: now, pattern });
  return pattern;
}
