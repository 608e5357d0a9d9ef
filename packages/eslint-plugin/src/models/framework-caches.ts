import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { readFileSync } from 'node:fs';
import { declaredName, type FunctionNode, importedName, staticPropertyName } from '../analysis/ast.js';
import { resolveRelative } from '../analysis/imports/resolve-module.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { cachedByOption } from './cache-options.js';
import { injectedCacheIsRemote } from './remote-stores.js';
import { contents } from './stores.js';

/** Next.js `'use cache'` (and `'use cache: remote'`, `'use cache: private'`): a directive of the function or file. */
const USE_CACHE = /^use cache(?::\s*\w+)?$/;

const directives = (body: readonly TSESTree.Node[]): string[] =>
  body.flatMap((statement) =>
    statement.type === AST_NODE_TYPES.ExpressionStatement && typeof statement.directive === 'string'
      ? [statement.directive]
      : [],
  );

/** The function's name as its declaration, variable, property or method gives it. */
function nameOf(fn: FunctionNode): string {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier)
    return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property)
    return staticPropertyName(parent.key, parent.computed) ?? 'function';
  return 'function';
}

/** A top-level function of the module that it exports: what a file-level `'use cache'` applies to. */
function exportedTopLevel(fn: FunctionNode): boolean {
  let node: TSESTree.Node | undefined = fn.parent;
  if (node?.type === AST_NODE_TYPES.VariableDeclarator) node = node.parent?.parent;
  return (
    node?.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    node?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  );
}

/** `'use cache'` in the function's body, or at the top of its module for an exported function. */
function usesCache(b: FlowBuilder, fn: FunctionNode): boolean {
  if (
    fn.body.type === AST_NODE_TYPES.BlockStatement &&
    directives(fn.body.body).some((d) => USE_CACHE.test(d))
  )
    return true;
  return exportedTopLevel(fn) && directives(b.sourceCode.ast.body).some((d) => USE_CACHE.test(d));
}

const decoratorName = (decorator: TSESTree.Decorator): string | undefined => {
  const expression = decorator.expression;
  const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression
    ? staticPropertyName(callee.property, callee.computed)
    : undefined;
};

const CACHE_INTERCEPTOR = /CacheInterceptor$/;

/**
 * Whether an interceptor named `...CacheInterceptor` is Nest's `CacheInterceptor` or extends it. A class the
 * project writes (in the module or one it imports) whose declaration extends no `...CacheInterceptor` is an
 * interceptor of its own (one that keeps responses in Redis, say); one the analysis cannot read is taken by its name.
 */
function isCacheInterceptor(b: FlowBuilder, name: TSESTree.Identifier): boolean {
  if (!CACHE_INTERCEPTOR.test(name.name)) return false;
  const definition = b.scopes.variableOf(name)?.defs[0];
  // The class as the text declares it: absent (a re-export) counts by its name; present, by what it extends.
  const extendsByText = (text: string, className: string) => {
    const escaped = className.replace(/\$/g, '\\$');
    if (!new RegExp(`\\bclass\\s+${escaped}\\b`).test(text)) return true;
    return new RegExp(`\\bclass\\s+${escaped}\\b[^{]*\\bextends\\s+[\\w$.]*CacheInterceptor\\b`).test(text);
  };
  if (definition?.node.type === AST_NODE_TYPES.ClassDeclaration)
    return extendsByText(b.text(definition.node), name.name);
  if (definition?.type !== 'ImportBinding') return true;
  const declaration = definition.parent;
  const specifier =
    declaration.type === AST_NODE_TYPES.ImportDeclaration ? declaration.source.value : undefined;
  if (!specifier?.startsWith('.')) return true;
  const file = b.file && resolveRelative(b.file, specifier);
  if (!file) return true;
  try {
    const imported =
      definition.node.type === AST_NODE_TYPES.ImportSpecifier ? importedName(definition.node) : name.name;
    return extendsByText(readFileSync(file, 'utf8'), imported);
  } catch {
    return true;
  }
}

/** `@UseInterceptors(CacheInterceptor)` (or a subclass named `...CacheInterceptor`) on a class or method. */
const cachesResponses = (b: FlowBuilder, decorators: readonly TSESTree.Decorator[] | undefined): boolean =>
  (decorators ?? []).some((decorator) => {
    const expression = decorator.expression;
    return (
      decoratorName(decorator) === 'UseInterceptors' &&
      expression.type === AST_NODE_TYPES.CallExpression &&
      expression.arguments.some(
        (argument) => argument.type === AST_NODE_TYPES.Identifier && isCacheInterceptor(b, argument),
      )
    );
  });

/**
 * A Nest handler whose response `CacheInterceptor` keeps (@nestjs/cache-manager caches GET requests only):
 * a `@Get` method of a class or method under `@UseInterceptors(CacheInterceptor)`.
 */
function cachedHandler(b: FlowBuilder, fn: FunctionNode): boolean {
  const method = fn.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition) return false;
  // JavaScript parsers (espree) give no `decorators` at all.
  const decorators = method.decorators ?? [];
  if (!decorators.some((decorator) => decoratorName(decorator) === 'Get')) return false;
  const cls = method.parent.parent;
  const cached =
    cachesResponses(b, decorators) || ('decorators' in cls && cachesResponses(b, cls.decorators));
  // On a Redis store (`CacheModule.register({ store: redisStore })`) the responses are kept in Redis.
  return cached && !injectedCacheIsRemote(b.file);
}

/**
 * Method decorators that memoize what the method returns, by the names their libraries export
 * (typescript-memoize `@Memoize()`/`@MemoizeExpiring(ms)`, memoize-decorator and decko `@memoize`,
 * lodash-decorators `@Memoize()`, utils-decorators `@memoizeAsync()`, p-memoize `@pMemoizeDecorator()`,
 * @type-cacheable/core `@Cacheable()`) and the names teams give their own (`@Memoized`, `@Cached`).
 */
const MEMOIZING = /^(?:[Mm]emoi[sz]e(?:d|Expiring|All|Async)?|pMemoizeDecorator|[Cc]acheable|[Cc]ached)$/;

/** A method (or getter) under a memoizing decorator: its instance, usually a singleton service, keeps the result. */
const memoizedMethod = (fn: FunctionNode): boolean => {
  const method = fn.parent;
  return (
    method?.type === AST_NODE_TYPES.MethodDefinition &&
    (method.decorators ?? []).some((decorator) => MEMOIZING.test(decoratorName(decorator) ?? ''))
  );
};

/** What the function returns, kept by the framework's cache (one per function) for every caller. */
export function keepReturned(b: FlowBuilder, fn: FunctionNode, place: string): void {
  const store = b.value({ kind: 'store', site: fn, library: 'framework-cache', cache: true });
  const returned = b.returnNode(fn);
  b.engine.edge(returned, contents(b, store), Step.Store);
  b.recordStore({ node: fn, kind: 'content', base: b.constant(store), value: returned, place });
}

/** Where the module names a function it declares (`function listStopIds() {...}`, `const load = async () => ...`). */
function namesOf(b: FlowBuilder, fn: FunctionNode): TSESTree.Node[] {
  const id = declaredName(fn);
  return (id ? (b.scopes.variableOf(id)?.references ?? []) : []).map((reference) => reference.identifier);
}

/**
 * Caches a framework keeps a function's results in, by what the code declares: Next.js `'use cache'`
 * functions and files (their results outlive the request, until the cache life or a tag expires them), Nest
 * GET handlers under `CacheInterceptor`, methods under memoizing decorators, and functions a framework caches by an
 * option beside them (cache-options.ts). `unstable_cache` is a
 * memoizer (cache-libraries.ts).
 */
export const frameworkCachesModel: FlowModel = {
  name: 'framework-caches',
  setupFunction(b, fn) {
    if (usesCache(b, fn)) keepReturned(b, fn, `the 'use cache' function \`${nameOf(fn)}\``);
    else if (cachedHandler(b, fn))
      keepReturned(b, fn, `the response CacheInterceptor keeps for \`${nameOf(fn)}\``);
    else if (memoizedMethod(fn))
      keepReturned(b, fn, `what the memoizing decorator keeps for \`${nameOf(fn)}\``);
    else {
      const cached = cachedByOption(fn, namesOf(b, fn));
      if (cached !== undefined) keepReturned(b, fn, cached);
    }
  },
};
