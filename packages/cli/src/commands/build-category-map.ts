import {
  dataVersions,
  entryVerdict,
  lookup,
  misleadingMetadata,
  versionScope,
} from '@valkey-track/rules-data';
import type {
  CategoryDifference,
  CategoryMap,
  CategoryMapEntry,
  MisleadingEntry,
} from './category-map-types.js';
import { compareWithData } from './compare-with-data.js';
import { inferCategory } from './infer-category.js';
import type { LiveServer } from './read-live-server.js';
import { aclDeclarations, tipDeclaration, trackingCategoryNames } from './tracking-declaration.js';

/**
 * Gives every command of a live server its tracking category, taking the most authoritative source there
 * is: the server's tracking ACL category, then a `dont_cache` tip, then the bundled data for the server's
 * version (the worst case of its kind's captured versions when the data does not know that version), then
 * an inference from the command's metadata, which is never `full` without evidence.
 */
export function buildCategoryMap(live: LiveServer, address: string, readAt = new Date()): CategoryMap {
  const { commands: metadata } = live.metadata;
  const scope = versionScope({ server: live.kind, version: live.version });
  const declared = aclDeclarations(live.aclCategories, metadata);
  const categoryDiffers: CategoryDifference[] = [];
  const commands: Record<string, CategoryMapEntry> = {};
  const misleading: MisleadingEntry[] = [];

  for (const name of Object.keys(metadata).sort()) {
    const meta = metadata[name]!;
    const entryOfData = lookup(name);
    const bundled = entryOfData
      ? entryVerdict(entryOfData, { server: live.kind, version: live.version })
      : undefined;
    const declaration = declared.get(name) ?? tipDeclaration(meta);
    let entry: CategoryMapEntry;
    if (declaration) {
      const agrees = bundled?.category === declaration.category;
      entry = {
        category: declaration.category,
        reasons: agrees ? [...bundled.reasons] : [],
        source: declared.has(name) ? 'acl-category' : 'tip',
        explanation: `Declared by the server (${declaration.declaredBy}).${agrees ? ` ${bundled.explanation}` : ''}`,
        declaredBy: declaration.declaredBy,
      };
      if (bundled && !agrees) {
        categoryDiffers.push({
          command: name,
          declared: declaration.category,
          declaredBy: declaration.declaredBy,
          bundled: bundled.category,
        });
      }
    } else if (bundled) {
      entry = {
        category: bundled.category,
        reasons: [...bundled.reasons],
        source: 'bundled',
        explanation: bundled.explanation,
      };
    } else {
      const inference = inferCategory(meta);
      entry = { ...inference, reasons: [...inference.reasons], source: 'inferred' };
    }
    if (bundled) {
      entry.bundledCategory = bundled.category;
      entry.bundledVersions = bundled.versions;
    }
    commands[name] = entry;
    const liveMeta = { ...meta, keySpecFlags: meta.keySpecs.map((s) => s.flags) };
    for (const problem of misleadingMetadata(liveMeta, bundled?.reasons ?? [])) {
      misleading.push({ command: name, ...problem });
    }
  }

  return {
    server: {
      kind: live.kind,
      version: live.version,
      address,
      trackingCategories: trackingCategoryNames(live.aclCategories),
      dataVersions: [...dataVersions],
      comparedWith: scope.labels,
      versionKnown: scope.matched,
      readAt: readAt.toISOString(),
    },
    commands,
    drift: { ...compareWithData(live.kind, live.version, metadata), categoryDiffers },
    misleading,
  };
}
