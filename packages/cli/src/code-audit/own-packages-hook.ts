import Module, { createRequire, register } from 'node:module';

/**
 * A module resolution hook (https://nodejs.org/api/module.html#customization-hooks) for loading a project's
 * ESLint config: a bare specifier the project cannot resolve (`@valkey-track/eslint-plugin`,
 * `@typescript-eslint/parser`, `eslint` itself, when the project has not installed them, as with `npx
 * valkey-track audit` in a fresh checkout) is resolved as valkey-track's own modules resolve it. Without it
 * such a config fails to load and its `settings['valkey-track']` (clients named in settings) are lost. Only a
 * failed resolution is retried, so a project's own installed copy always wins.
 */
/** A specifier that names a file or a URL (`./x`, `/x`, `node:fs`, `file:…`), not a package: never retried. */
const NOT_A_PACKAGE = /^(?:[./]|[a-z][a-z0-9+.-]*:)/i;

const hookSource = `
let base;
export function initialize(data) { base = data.base; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const bare = !${NOT_A_PACKAGE}.test(specifier);
    if (!bare || context.parentURL === base || (error && error.code !== 'ERR_MODULE_NOT_FOUND')) throw error;
    // Not ours either: the project's own error, which names the file that imports it.
    return next(specifier, { ...context, parentURL: base }).catch(() => { throw error; });
  }
}
`;

let registered = false;

/** CommonJS's resolver, internal but the one place `require` asks (what tsconfig-paths and module-alias wrap). */
type Resolver = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const commonJs = Module as unknown as { _resolveFilename: Resolver };

/**
 * Registers the hook once per process, for `import` and for `require` (an `eslint.config.js` in CommonJS):
 * on Node 20 the hooks `register` installs do not see `require`, so CommonJS's resolver is wrapped the same
 * way, retrying only a bare specifier that was not found.
 */
export function resolveOwnPackagesForConfigs(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(hookSource)}`, {
    data: { base: import.meta.url },
  });
  const own = createRequire(import.meta.url);
  const resolve = commonJs._resolveFilename;
  // `own.resolve` goes through this wrapper too: its own failure is the project's error, not another retry.
  let retrying = false;
  commonJs._resolveFilename = function (request, parent, isMain, options) {
    try {
      return resolve.call(this, request, parent, isMain, options);
    } catch (error) {
      if (retrying || NOT_A_PACKAGE.test(request) || (error as { code?: string }).code !== 'MODULE_NOT_FOUND')
        throw error;
      retrying = true;
      try {
        return own.resolve(request);
      } catch {
        throw error;
      } finally {
        retrying = false;
      }
    }
  };
}
