import { dataVersions, lookup } from '@valkey-track/rules-data';
import type { CategoryDifference, CategoryMap, CategoryMapEntry } from './category-map-types.js';
import { compareWithData } from './compare-with-data.js';
import { inferCategory } from './infer-category.js';
import type { LiveServer } from './read-live-server.js';
import { aclDeclarations, tipDeclaration, trackingCategoryNames } from './tracking-declaration.js';

/**
 * Gives every command of a live server its tracking category, taking the most authoritative source there
 * is: the server's tracking ACL category, then a `dont_cache` tip, then the bundled data, then an
 * inference from the command's metadata.
 */
export function buildCategoryMap(live: LiveServer, address: string, readAt = new Date()): CategoryMap {
  const { commands: metadata } = live.metadata;
  const declared = aclDeclarations(live.aclCategories, metadata);
  const categoryDiffers: CategoryDifference[] = [];
  const commands: Record<string, CategoryMapEntry> = {};

  for (const name of Object.keys(metadata).sort()) {
    const meta = metadata[name]!;
    const bundled = lookup(name);
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
    if (bundled) entry.bundledCategory = bundled.category;
    commands[name] = entry;
  }

  return {
    server: {
      kind: live.kind,
      version: live.version,
      address,
      trackingCategories: trackingCategoryNames(live.aclCategories),
      dataVersions: { ...dataVersions },
      readAt: readAt.toISOString(),
    },
    commands,
    drift: { ...compareWithData(live.kind, metadata), categoryDiffers },
  };
}
