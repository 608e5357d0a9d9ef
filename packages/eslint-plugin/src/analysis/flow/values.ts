import type { TSESTree } from '@typescript-eslint/utils';
import type { ClassNode, FunctionNode } from '../ast.js';

/** The client libraries a client value can come from. */
export type ClientLibrary = 'ioredis' | 'node-redis' | 'node-redis-3' | 'glide' | 'unknown';

/**
 * The abstract values of the analysis. Objects are named by where they are made (allocation sites); a
 * `reply` is a label: the reply of one command invocation, and everything derived from it.
 */
export type Value =
  /** An imported binding or `require()`: `module` and the property path below its exports (`Cluster`). */
  | { kind: 'import'; module: string; path: string }
  | { kind: 'function'; fn: FunctionNode }
  | { kind: 'class'; cls: ClassNode }
  /** An instance of a class of the module; `site` undefined for instances made outside it. */
  | { kind: 'instance'; cls: ClassNode; site: TSESTree.Node | undefined }
  /** An object or array literal, a rest parameter, or an object a model makes (an exec result). */
  | { kind: 'object'; site: TSESTree.Node; shape: string }
  /** A Valkey/Redis client (or pool, cluster, sentinel). */
  | {
      kind: 'client';
      site: TSESTree.Node;
      library: ClientLibrary;
      cluster: boolean;
      origin: string;
      /** The package it was made with, where that tells versions apart (`ioredis` or `iovalkey`). */
      module?: string;
      /** The client an ioredis `duplicate()` copies the options of. */
      copyOf?: number;
    }
  /** A pipeline, MULTI or glide Batch queued on a client (client undefined for a glide Batch until `exec`). */
  | { kind: 'pipeline'; site: TSESTree.Node; client: number | undefined; transaction: boolean }
  /**
   * A store that holds what is put in it: Map, Set, lru-cache, node-cache, keyv, cache-manager. `held`: a cache
   * library's cache (or a memoizer's) a function makes for its own call (`local-caches.ts`): it is dropped with it.
   */
  | { kind: 'store'; site: TSESTree.Node; library: string; cache: boolean; held?: boolean }
  /** `client.get` taken as a value (to `bind` or `promisify` it). */
  | { kind: 'method'; receiver: number; name: string }
  /** `fn.bind(self, ...args)` or `promisify(fn)`; `args`: the nodes of the leading arguments `bind` fixes. */
  | {
      kind: 'bound';
      target: number;
      self: number | undefined;
      promisified: boolean;
      args?: readonly number[];
    }
  /** The reply of a command invocation (a label: derived values carry it too). */
  | { kind: 'reply'; read: number }
  /** Anything else a library model makes: a client-side cache, a Command object, a hash, a React setter. */
  | { kind: 'model'; model: string; type: string; site: TSESTree.Node; data?: unknown };

export type ValueKind = Value['kind'];

const siteKey = (node: TSESTree.Node | undefined) =>
  node ? `${node.range[0]}:${node.range[1]}:${node.type}` : '-';

function keyOf(value: Value): string {
  switch (value.kind) {
    case 'import':
      return `import ${value.module} ${value.path}`;
    case 'function':
      return `function ${siteKey(value.fn)}`;
    case 'class':
      return `class ${siteKey(value.cls)}`;
    case 'instance':
      return `instance ${siteKey(value.cls)} ${siteKey(value.site)}`;
    case 'object':
      return `object ${value.shape} ${siteKey(value.site)}`;
    case 'client':
      return `client ${value.library} ${value.origin} ${siteKey(value.site)}`;
    case 'pipeline':
      return `pipeline ${siteKey(value.site)} ${value.client ?? '-'}`;
    case 'store':
      return `store ${value.library} ${siteKey(value.site)}`;
    case 'method':
      return `method ${value.receiver} ${value.name}`;
    case 'bound':
      return `bound ${value.target} ${value.self ?? '-'} ${value.promisified} ${value.args?.join(',') ?? ''}`;
    case 'reply':
      return `reply ${value.read}`;
    case 'model':
      return `model ${value.model} ${value.type} ${siteKey(value.site)}`;
  }
}

/** Interns values: the same value always has the same id. */
export class ValueTable {
  readonly #values: Value[] = [];
  readonly #ids = new Map<string, number>();

  id(value: Value): number {
    const key = keyOf(value);
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#values.length;
      this.#values.push(value);
      this.#ids.set(key, id);
    }
    return id;
  }

  get(id: number): Value {
    return this.#values[id]!;
  }

  get size(): number {
    return this.#values.length;
  }
}

export const isLabel = (value: Value): boolean => value.kind === 'reply';

/** Values that hold other values in fields (and so can carry replies inside them). */
export const hasFields = (value: Value): boolean =>
  value.kind === 'object' ||
  value.kind === 'instance' ||
  value.kind === 'store' ||
  value.kind === 'class' ||
  (value.kind === 'model' && value.type !== 'setter');

/**
 * The field prefix of what an EventEmitter's `emit` passes its listeners (models/event-emitters.ts): handed on
 * to them as it is emitted, not held by the emitter, so an emitter that outlives the request keeps none of it.
 */
export const EMITTED_FIELD = 'emit:';

export const passesThrough = (field: string): boolean => field.startsWith(EMITTED_FIELD);

/**
 * A package's module as the models name it: a deep import written with its file's extension, as ESM asks of
 * CommonJS packages (`lodash/memoize.js`), is the module `lodash/memoize`.
 */
export const packageEntry = (module: string): string =>
  module.startsWith('.') || module.startsWith('/') || !module.includes('/')
    ? module
    : module.replace(/\.[cm]?js$/, '');
