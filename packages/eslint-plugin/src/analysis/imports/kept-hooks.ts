import type { FunctionNode } from '../ast.js';
import { perBuilder } from '../flow/per-builder.js';

/**
 * Methods of a module's classes that override a hook their imported base keeps the result of (`load` under a
 * `CachedRepository` whose `get(id)` does `this.cache.set(id, await this.load(id))`): every instance keeps what
 * they read, whoever calls the base's method that runs them.
 */
export const overriddenKeptHooks = perBuilder<FunctionNode, true>();
