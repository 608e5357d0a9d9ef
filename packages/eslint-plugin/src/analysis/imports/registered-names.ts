import { readFileSync, statSync } from 'node:fs';
import { MAKES_CONTEXT } from '../registration-sites.js';

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

/**
 * Per module, by modification time: its names. A project's pattern (`registration-mentions.ts`) is made again
 * every few seconds so an editor sees new registrations, and the modules it reads can be bundles of megabytes:
 * each is read again only once it changes.
 */
const namesByFile = new Map<string, { mtimeMs: number; names: string[] }>();

/** The names a module registers ({@link NAMES}); none when it cannot be read. */
export function registeredNames(file: string): string[] {
  let mtimeMs: number;
  let text: string;
  try {
    mtimeMs = statSync(file).mtimeMs;
    const cached = namesByFile.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.names;
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const names = namesInText(text);
  namesByFile.set(file, { mtimeMs, names });
  return names;
}

function namesInText(text: string): string[] {
  const names = NAMES.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
  if (text.includes('@fastify/redis')) names.push('redis');
  // The members of a request context a function returns (`return { glide, user }`, `=> ({ redis })`).
  if (MAKES_CONTEXT.test(text))
    for (const match of text.matchAll(/(?:\breturn|=>\s*\()\s*\{([^{}]*)\}/g))
      for (const entry of match[1]!.split(',')) {
        // `{ [key]: value }`, `{ 'a-b': 1 }`, an empty entry after a trailing comma: no name.
        const name = /^\s*(?:\.\.\.)?([\w$]+)/.exec(entry)?.[1];
        if (name !== undefined) names.push(name);
      }
  return names;
}
