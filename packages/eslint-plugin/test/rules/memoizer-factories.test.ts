import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Memoizers a project writes for itself, in a module of their own: a factory taking options that returns the
// memoizer (`memoize({ ttlMs })(load)`), used as a TypeScript 5 method decorator too, and one that only
// forwards (it keeps nothing).
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-memoizer-factories-'));
const file = (name: string) => join(directory, name);

writeFileSync(
  file('memoize.ts'),
  lines(
    `export interface MemoizeOptions { ttlMs: number; max?: number }`,
    `export function memoize({ ttlMs, max = 1000 }: MemoizeOptions) {`,
    `  return function <A extends unknown[], R>(target: (...args: A) => Promise<R>, _context?: unknown) {`,
    `    const entries = new Map<string, { at: number; value: Promise<R> }>();`,
    `    return function memoized(this: unknown, ...args: A): Promise<R> {`,
    `      const key = JSON.stringify(args);`,
    `      const hit = entries.get(key);`,
    `      if (hit && Date.now() - hit.at < ttlMs) return hit.value;`,
    `      const value = target.apply(this, args);`,
    `      if (entries.size >= max) entries.clear();`,
    `      entries.set(key, { at: Date.now(), value });`,
    `      return value;`,
    `    };`,
    `  };`,
    `}`,
    `export function traced(_options: { label: string }) {`,
    `  return function <A extends unknown[], R>(target: (...args: A) => Promise<R>, _context?: unknown) {`,
    `    return function (this: unknown, ...args: A): Promise<R> {`,
    `      console.debug('call', args.length);`,
    `      return target.apply(this, args);`,
    `    };`,
    `  };`,
    `}`,
  ),
);
writeFileSync(file('valkey.ts'), lines(`import Valkey from 'iovalkey';`, `export const ops = new Valkey();`));
// A cache class whose methods have overload signatures (no body): its `set` keeps what it is given.
writeFileSync(
  file('typed-cache.ts'),
  lines(
    `export class TypedCache<K extends string, V> {`,
    `  readonly #values = new Map<K, V>();`,
    `  get(key: K): V | undefined;`,
    `  get(key: K, fallback: V): V;`,
    `  get(key: K, fallback?: V): V | undefined {`,
    `    return this.#values.has(key) ? this.#values.get(key) : fallback;`,
    `  }`,
    `  set(key: K, value: V): this {`,
    `    this.#values.set(key, value);`,
    `    return this;`,
    `  }`,
    `}`,
  ),
);

// A cache factory returning the functions it declares by name (`return { get, set, wrap }`), `wrap` keeping what
// its callback returns through `set`.
writeFileSync(
  file('make-cache.js'),
  lines(
    `export function makeCache({ ttlMs = 30_000 } = {}) {`,
    `  const entries = new Map();`,
    `  function get(key) {`,
    `    const hit = entries.get(key);`,
    `    return hit && Date.now() - hit.at < ttlMs ? hit.value : undefined;`,
    `  }`,
    `  function set(key, value) {`,
    `    entries.set(key, { value, at: Date.now() });`,
    `    return value;`,
    `  }`,
    `  async function wrap(key, fn) {`,
    `    const cached = get(key);`,
    `    if (cached !== undefined) return cached;`,
    `    return set(key, await fn());`,
    `  }`,
    `  return { get, set, wrap };`,
    `}`,
  ),
);

runRuleTests('no-uncovered-cached-read: memoizer factories and decorators of other modules', rule, {
  valid: [
    // A forwarding wrapper keeps nothing; a memoized read that does not change without a write on an
    // untracked client is the app's choice to keep.
    {
      code: lines(
        `import { memoize, traced } from './memoize';`,
        `import { ops } from './valkey';`,
        `export const left = traced({ label: 'left' })(async (sku: string) => ops.pttl(\`hold:\${sku}\`));`,
        `export const name = memoize({ ttlMs: 60_000 })(async (id: string) => ops.hget(\`user:\${id}\`, 'name'));`,
        `export class Catalog {`,
        `  @traced({ label: 'hold' })`,
        `  async hold(sku: string) { return ops.ttl(\`hold:\${sku}\`); }`,
        `}`,
      ),
      filename: file('valid.ts'),
    },
  ],
  invalid: [
    // The factory's `wrap` keeps what its callback returns, in a cache a route factory makes once.
    {
      code: lines(
        `import { makeCache } from './make-cache.js';`,
        `import { ops } from './valkey';`,
        `export function createHoldRoutes(router) {`,
        `  const holds = makeCache({ ttlMs: 2_000 });`,
        `  router.get('/holds/:id', async (ctx) => {`,
        `    ctx.body = await holds.wrap(ctx.params.id, () => ops.ttl(\`hold:\${ctx.params.id}\`));`,
        `  });`,
        `  return router;`,
        `}`,
      ),
      filename: file('hold-routes.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // `memoize({ ttlMs })(load)` keeps what `load` returns: a TTL, which changes with no write.
    {
      code: lines(
        `import { memoize } from './memoize';`,
        `import { ops } from './valkey';`,
        `export const holdLeft = memoize({ ttlMs: 30_000 })(async (sku: string) => ops.ttl(\`hold:\${sku}\`));`,
      ),
      filename: file('holds.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 3, column: 75 }],
    },
    // The same factory as a method decorator: the decorated method's reply is kept; the plain one's is not.
    {
      code: lines(
        `import { memoize } from './memoize';`,
        `import { ops } from './valkey';`,
        `export class Catalog {`,
        `  @memoize({ ttlMs: 30_000 })`,
        `  async holdSecondsLeft(sku: string): Promise<number> {`,
        `    return ops.ttl(\`hold:\${sku}\`);`,
        `  }`,
        `  async idle(sku: string): Promise<number | null> {`,
        `    return ops.object('IDLETIME', \`stock:\${sku}\`) as Promise<number | null>;`,
        `  }`,
        `}`,
      ),
      filename: file('catalog.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6, column: 12 }],
    },
    // An instance of a class of another module whose methods have overload signatures, kept in a private field.
    {
      code: lines(
        `import { TypedCache } from './typed-cache';`,
        `import { ops } from './valkey';`,
        `export class Rotation {`,
        `  readonly #listings = new TypedCache<'secrets-ttl', number>();`,
        `  async rotateIn() {`,
        `    const seconds = await ops.ttl('secrets:rotation');`,
        `    this.#listings.set('secrets-ttl', seconds);`,
        `    return seconds;`,
        `  }`,
        `}`,
      ),
      filename: file('rotation.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6, column: 27 }],
    },
    // A decorator written in the module itself.
    {
      code: lines(
        `import { ops } from './valkey';`,
        `function cached(target: (...args: string[]) => Promise<unknown>) {`,
        `  const memo = new Map<string, Promise<unknown>>();`,
        `  return function (this: unknown, key: string) {`,
        `    if (!memo.has(key)) memo.set(key, target.call(this, key));`,
        `    return memo.get(key);`,
        `  };`,
        `}`,
        `export class Presence {`,
        `  @cached`,
        `  async sample(room: string) { return ops.srandmember(\`room:\${room}\`); }`,
        `}`,
      ),
      filename: file('presence.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 11, column: 39 }],
    },
  ],
});
