import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ESLint } from 'eslint';
import plugin, { namespace, rules } from '@valkey-track/eslint-plugin';
import { resolveOwnPackagesForConfigs } from './own-packages-hook.js';

/** ESLint's flat config file names (https://eslint.org/docs/latest/use/configure/configuration-files). */
const configNames = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
];

/** What the code audit takes from a project's own ESLint configuration: our settings and our rules' options. */
export interface ProjectSettings {
  /** The directory of the config file, or undefined when the file has none. */
  directory: string | undefined;
  /** `settings['valkey-track']` as the project wrote it. */
  settings: Record<string, unknown>;
  /** The options object of each of our rules the project configures (`@valkey-track/<rule>` -> options). */
  ruleOptions: Record<string, Record<string, unknown>>;
  /** Whether the project's config ignores a file (its global `ignores`); absent without a loadable config. */
  isIgnored?: (file: string) => Promise<boolean>;
  /** Why the config could not be read, when it could not. */
  problem?: string;
}

export const settingsKey = 'valkey-track';

const noProjectSettings = (directory: string | undefined, problem?: string): ProjectSettings => ({
  directory,
  settings: {},
  ruleOptions: {},
  ...(problem ? { problem } : {}),
});

/** The names of the clients and client factories the settings point at, for the pre-filter. */
export function clientNames(settings: Record<string, unknown>): string[] {
  const names = (value: unknown) =>
    (Array.isArray(value) ? value : [])
      .map((item: unknown) => (typeof item === 'string' ? item : (item as { name?: unknown } | null)?.name))
      .filter((name): name is string => typeof name === 'string' && name !== '');
  return [...names(settings.trackedClients), ...names(settings.clientFactories)];
}

/**
 * Finds the ESLint config that governs each file (the nearest `eslint.config.*` above it, as ESLint 10 looks
 * it up) and reads from it what concerns valkey-track for that file (a flat config's `settings` may apply to
 * some files only, `files: ['src/**']`) and which files it ignores. The audit runs only its own rules with its
 * own parsers whatever the project enables; a config that cannot be loaded (a plugin it imports is not
 * installed) leaves the built-in settings and a note. Files with the same settings share one object.
 */
export class ProjectSettingsFinder {
  private readonly configDirectory = new Map<string, string | undefined>();
  private readonly linters = new Map<string, ESLint>();
  private readonly interned = new Map<string, ProjectSettings>();

  private nearestConfigDirectory(directory: string): string | undefined {
    if (this.configDirectory.has(directory)) return this.configDirectory.get(directory);
    const parent = dirname(directory);
    const found = configNames.some((name) => existsSync(join(directory, name)))
      ? directory
      : parent === directory
        ? undefined
        : this.nearestConfigDirectory(parent);
    this.configDirectory.set(directory, found);
    return found;
  }

  async forFile(file: string): Promise<ProjectSettings> {
    const directory = this.nearestConfigDirectory(dirname(file));
    if (directory === undefined) return this.intern(noProjectSettings(undefined));
    const read = await readProjectSettings(this.linter(directory, false), directory, file);
    // A config written for the audit alone may set our rules' options without registering the plugin (ESLint
    // needs it, the audit does not): read it again with the plugin registered under its namespace.
    if (read.problem?.includes(`Could not find plugin "${namespace}"`))
      return this.intern(await readProjectSettings(this.linter(directory, true), directory, file));
    return this.intern(read);
  }

  private linter(directory: string, withPlugin: boolean): ESLint {
    const key = `${withPlugin}\u0000${directory}`;
    let eslint = this.linters.get(key);
    if (!eslint) {
      resolveOwnPackagesForConfigs();
      eslint = new ESLint({
        cwd: directory,
        overrideConfig: [
          // A config that names no TypeScript files (a JavaScript-only `eslint.config.js` beside `.ts` sources)
          // matches none of them, and ESLint reports an unmatched file as ignored and gives it no settings:
          // every source file is matched here, so only the config's `ignores` leave one out.
          { files: [AUDITED_FILES], linterOptions: {} },
          ...(withPlugin ? [{ plugins: { [namespace]: plugin as unknown as ESLint.Plugin } }] : []),
        ],
      });
      this.linters.set(key, eslint);
    }
    return eslint;
  }

  private intern(settings: ProjectSettings): ProjectSettings {
    const key = JSON.stringify([
      settings.directory,
      settings.settings,
      settings.ruleOptions,
      settings.problem,
    ]);
    let shared = this.interned.get(key);
    if (!shared) {
      shared = settings;
      this.interned.set(key, shared);
    }
    return shared;
  }
}

/** The files the code audit reads, as a flat config's `files` pattern. */
const AUDITED_FILES = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}';

async function readProjectSettings(
  eslint: ESLint,
  directory: string,
  file: string,
): Promise<ProjectSettings> {
  let config: { settings?: Record<string, unknown>; rules?: Record<string, unknown> } | undefined;
  try {
    config = await eslint.calculateConfigForFile(file);
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).split('\n')[0];
    return noProjectSettings(directory, `${relative(process.cwd(), directory) || '.'}: ${reason}`);
  }
  const raw = config?.settings?.[settingsKey];
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(rules)) {
    const id = `${namespace}/${name}`;
    const entry = config?.rules?.[id];
    const options = Array.isArray(entry) ? entry[1] : undefined;
    if (options && typeof options === 'object') ruleOptions[id] = options as Record<string, unknown>;
  }
  return {
    directory,
    settings: raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {},
    ruleOptions,
    // A config that loads but is invalid for some file (a rule of a plugin it does not register) ignores nothing.
    isIgnored: (path) => eslint.isPathIgnored(path).catch(() => false),
  };
}
