import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { projectDependencies } from '../../util/project-dependencies.js';
import { sourceFiles } from './project-files.js';

/**
 * Nitro (and Nuxt's server) imports what `server/utils/` exports into every module under `server/` with no
 * `import` statement (nitro.build/guide/utils): `valkey.keys(...)` in `server/api/promos.get.ts` is the `valkey`
 * that `server/utils/valkey.ts` exports. A project is Nitro's by its nuxt.config or nitro.config, or by depending on
 * `nuxt` or `nitropack`.
 */
const CONFIGS = ['nuxt', 'nitro'].flatMap((tool) =>
  ['ts', 'js', 'mjs'].map((ext) => `${tool}.config.${ext}`),
);
/** `export const a`, `export async function b`, `export class C`, and the names of `export { x, y as z }`. */
const DECLARED = /export\s+(?:const|let|var|async\s+function\*?|function\*?|class)\s+([\w$]+)/g;
const LISTED = /export\s*\{([^}]*)\}/g;

const REUSE_MS = 5000;
const byServer = new Map<string, { at: number; names: Map<string, string> }>();

/** Whether a directory holds a Nuxt or Nitro project: its config, or a package.json that depends on either. */
function isNitroProject(root: string): boolean {
  if (CONFIGS.some((name) => existsSync(join(root, name)))) return true;
  if (!existsSync(join(root, 'package.json'))) return false;
  const dependencies = projectDependencies(join(root, 'package.json'));
  return ['nuxt', 'nitropack', 'nitro'].some((name) => name in dependencies);
}

/** The `server/` directory of the Nitro project a file is in, if it is in one. */
function serverDirectory(file: string): string | undefined {
  const parts = dirname(file).split(sep);
  for (let i = parts.lastIndexOf('server'); i > 0; i = parts.lastIndexOf('server', i - 1)) {
    const root = parts.slice(0, i).join(sep) || sep;
    if (isNitroProject(root)) return join(root, 'server');
  }
  return undefined;
}

function exportedNames(text: string): string[] {
  const names = [...text.matchAll(DECLARED)].map((m) => m[1]!);
  for (const list of text.matchAll(LISTED))
    for (const item of list[1]!.split(',')) {
      const name = item
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name && name !== 'default' && /^[\w$]+$/.test(name)) names.push(name);
    }
  return names;
}

/** Each name `server/utils/` exports, with its module (the files of the directory and of its subdirectories). */
function autoImports(server: string): Map<string, string> {
  const now = Date.now();
  const cached = byServer.get(server);
  if (cached && now - cached.at < REUSE_MS) return cached.names;
  const names = new Map<string, string>();
  const utils = join(server, 'utils') + sep;
  for (const module of sourceFiles(dirname(server)).filter((file) => file.startsWith(utils))) {
    let text: string;
    try {
      text = readFileSync(module, 'utf8');
    } catch {
      continue;
    }
    for (const name of exportedNames(text)) if (!names.has(name)) names.set(name, module);
  }
  byServer.set(server, { at: now, names });
  return names;
}

/**
 * The module specifier (relative to `file`) a global name of a Nitro server module is auto-imported from, or
 * undefined when it is no such name.
 */
export function nitroAutoImport(file: string, name: string): string | undefined {
  const server = serverDirectory(file);
  const module = server && autoImports(server).get(name);
  if (!module || module === file) return undefined;
  const specifier = relative(dirname(file), module).split(sep).join('/');
  return specifier.startsWith('.') ? specifier : `./${specifier}`;
}

/** The names the server modules of a Nitro project at `root` may use unimported, with their modules. */
export function nitroAutoImportsOf(root: string): ReadonlyMap<string, string> {
  return isNitroProject(root) ? autoImports(join(root, 'server')) : new Map();
}
