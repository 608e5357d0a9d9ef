import { worseCategory, type Category, type CommandMetadata } from '@valkey-track/rules-data';

// valkey-io/valkey#2894 proposes TRACKING_FULL, TRACKING_PARTIAL and TRACKING_NONE; Valkey 8.0.1 lets modules
// add categories named with letters, digits, `_` and `-`, so every spelling is accepted.
const TRACKING_CATEGORY = /^@?tracking[_-]?(full|partial|none)$/i;
// redis/redis#14603: a `dont_cache` tip marks a reply not to cache (RedisBloom, RediSearch, RedisJSON ship it).
const DONT_CACHE_TIP = /^dont[_-]?cache$/i;

export function trackingCategoryOf(aclCategory: string): Category | undefined {
  return TRACKING_CATEGORY.exec(aclCategory)?.[1]?.toLowerCase() as Category | undefined;
}

export interface Declaration {
  category: Category;
  declaredBy: string;
}

/**
 * The tracking categories each command is declared in. `ACL CAT <category>` and `COMMAND INFO` are both
 * read: Valkey 8.0.1 lists a module's commands under the module's category only in `COMMAND INFO`.
 * A command declared in two categories gets the worse one.
 */
export function aclDeclarations(
  aclCategories: Record<string, string[]>,
  commands: Record<string, CommandMetadata>,
): Map<string, Declaration> {
  const declared = new Map<string, Declaration>();
  const declare = (command: string, aclCategory: string) => {
    const category = trackingCategoryOf(aclCategory);
    if (!category) return;
    const name = command.toLowerCase();
    const before = declared.get(name);
    if (!before || worseCategory(before.category, category) !== before.category) {
      declared.set(name, { category, declaredBy: `@${aclCategory.replace(/^@/, '')}` });
    }
  };
  for (const [aclCategory, members] of Object.entries(aclCategories)) {
    for (const member of members) declare(member, aclCategory);
  }
  for (const meta of Object.values(commands)) {
    for (const aclCategory of meta.aclCategories) declare(meta.name, aclCategory);
  }
  return declared;
}

export function tipDeclaration(meta: CommandMetadata): Declaration | undefined {
  const tip = meta.tips.find((t) => DONT_CACHE_TIP.test(t.split(':')[0] ?? ''));
  return tip ? { category: 'none', declaredBy: `tip ${tip}` } : undefined;
}

export const trackingCategoryNames = (aclCategories: Record<string, string[]>): string[] =>
  Object.keys(aclCategories).filter((name) => trackingCategoryOf(name) !== undefined);
