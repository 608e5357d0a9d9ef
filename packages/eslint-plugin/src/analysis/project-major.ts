import type { FlowBuilder } from './flow/builder.js';
import { projectDependencies } from '../util/project-dependencies.js';

/**
 * The major version of a client library the module's project depends on: the first of `packages` its nearest
 * package.json names (`"redis": "^6.4.0"` gives 6). Undefined when none is named or the module has no file.
 */
export function projectMajor(b: FlowBuilder, packages: readonly string[]): number | undefined {
  if (!b.file) return undefined;
  const dependencies = projectDependencies(b.file);
  const range = packages.map((name) => dependencies[name]).find((r) => r !== undefined);
  const major = range ? /(\d+)/.exec(range)?.[1] : undefined;
  return major === undefined ? undefined : Number(major);
}
