import semver from 'semver';
import {
  clientLibraries,
  libraryMatrix,
  libraryTitle,
  type ClientLibraryModel,
  type MatrixRow,
  type ServerView,
  type VerdictCategory,
} from '@valkey-track/rules-data';
import { findInstalledPackages } from './find-installed-packages.js';
import type { InstalledPackage } from './types.js';

/** One command a project's library caches that CLIENT TRACKING does not fully cover. */
export interface UncoveredCommand {
  command: string;
  /** The worst verdict over the servers. */
  category: VerdictCategory;
  reasons: string[];
  /** Argument forms that are worse than the plain form (`BY/GET`). */
  forms: string[];
}

export interface YourModel {
  id: string;
  title: string;
  decides: ClientLibraryModel['decides'];
  cachedCount: number;
  uncovered: UncoveredCommand[];
  /** Servers its cache refuses to start on. */
  refusedOn: string[];
}

export interface YourPackage extends InstalledPackage {
  /** The models for this version; empty when the version has no client-side cache. */
  models: YourModel[];
}

export interface YourLibraries {
  directory: string;
  lockfiles: string[];
  packages: YourPackage[];
  problems: string[];
}

/** The npm package names the models know, `@redis/client` included. */
export const npmPackageNames = (): Set<string> =>
  new Set(
    clientLibraries
      .filter((m) => m.package.registry === 'npm')
      .flatMap((m) => [m.package.name, ...(m.package.alsoPublishedAs ?? [])]),
  );

const modelsFor = (pkg: InstalledPackage): ClientLibraryModel[] =>
  clientLibraries.filter(
    (m) =>
      m.package.registry === 'npm' &&
      (m.package.name === pkg.name || m.package.alsoPublishedAs?.includes(pkg.name)) &&
      semver.satisfies(pkg.version, m.versions),
  );

function uncoveredOf(row: MatrixRow): UncoveredCommand {
  const reasons = new Set<string>();
  const forms = new Set<string>();
  for (const cell of Object.values(row.cells)) {
    if (cell.state !== 'cached') continue;
    if (cell.verdict.category !== 'full') for (const r of cell.verdict.reasons) reasons.add(r);
    for (const c of cell.verdict.conditions) {
      if (c.category === 'full') continue;
      if (c.category !== cell.verdict.category) forms.add(c.label);
      for (const r of c.reasons) reasons.add(r);
    }
  }
  reasons.delete('tracked-keys');
  return {
    command: row.command,
    category: row.worst as VerdictCategory,
    reasons: [...reasons],
    forms: [...forms],
  };
}

function yourModel(model: ClientLibraryModel, views: readonly ServerView[]): YourModel {
  const matrix = libraryMatrix(model, views);
  return {
    id: model.id,
    title: libraryTitle(model),
    decides: model.decides,
    cachedCount: matrix.rows.filter((r) => r.worst !== 'absent').length,
    uncovered: matrix.rows.filter((r) => r.worst !== 'full' && r.worst !== 'absent').map(uncoveredOf),
    refusedOn: Object.entries(matrix.support)
      .filter(([, s]) => !s.starts)
      .map(([label]) => label),
  };
}

/**
 * The client libraries a project has installed (lockfile, node_modules, else package.json), each with the
 * commands its cache keeps that CLIENT TRACKING does not fully cover on the given servers: known before a
 * line of the project's code is read. `@redis/client` beside `redis` of the same version is one library.
 */
export function yourLibraries(directory: string, views: readonly ServerView[]): YourLibraries {
  const found = findInstalledPackages(directory, npmPackageNames());
  const redisVersions = new Set(found.packages.filter((p) => p.name === 'redis').map((p) => p.version));
  const packages = found.packages
    .filter((p) => !(p.name === '@redis/client' && redisVersions.has(p.version)))
    .map((p) => ({ ...p, models: modelsFor(p).map((m) => yourModel(m, views)) }));
  return { directory, lockfiles: found.lockfiles, packages, problems: found.problems };
}
