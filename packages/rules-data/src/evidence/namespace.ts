import type { Argv } from './types.js';

/** The keys and identifiers one recipe run may create, all derived from a caller-given prefix. */
export interface Namespace {
  /** Replaces `{p}` in recipe text. */
  keyPrefix: string;
  /** Replaces `{lib}`: function library and function names allow only letters, digits and `_`. */
  identifier: string;
  /** Replaces `{db}`: the database the connections are on. */
  database: number;
}

export const namespaceFor = (prefix: string, recipeId: string, database = 0): Namespace => {
  const keyPrefix = `${prefix}${recipeId}:`;
  return {
    keyPrefix,
    identifier: `vt_${keyPrefix.replace(/[^A-Za-z0-9]/g, '_')}`,
    database,
  };
};

export const expand = (text: string, ns: Namespace): string =>
  text
    .replaceAll('{p}', ns.keyPrefix)
    .replaceAll('{lib}', ns.identifier)
    .replaceAll('{db}', String(ns.database));

export const expandArgv = (argv: Argv, ns: Namespace): string[] => argv.map((arg) => expand(arg, ns));

/** Escapes glob metacharacters so that `SCAN MATCH` matches the prefix literally. */
export const globEscape = (text: string): string => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
