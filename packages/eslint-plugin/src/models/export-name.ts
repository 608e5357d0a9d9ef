/**
 * An import's property path below its module (`default.Redis` → `Redis`, `module.createClient` →
 * `createClient`), without the `default.`/`module.` hops a default export or `module.exports` adds.
 */
export const exportPath = (path: string): string => path.replace(/^(default\.|module\.)+/, '');

/** The export an import names, as `exportPath` gives it, and '' for the module itself (`default`, `module`). */
export const exportName = (path: string): string => exportPath(path).replace(/^(default|module)$/, '');
