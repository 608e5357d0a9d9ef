import type { TSESTree } from '@typescript-eslint/utils';
import type { CallSite } from './engine.js';
import type { FlowBuilder } from './builder.js';
import type { FunctionNode } from '../ast.js';

/**
 * A library model: what one library (or the language's built-ins) adds to the analysis, in its vocabulary
 * (CodeQL's data-flow libraries are the reference design): sources (clients, replies), sinks (stores that
 * outlive a request) and flow steps (a promise's callback receives its value). A model never reports; the
 * rules read the facts it adds. Each hook returns true when it handled the call.
 */
export interface FlowModel {
  readonly name: string;
  /** Import specifiers whose bindings this model interprets. */
  readonly modules?: readonly string[];
  /** `X(...)` or `new X(...)` of an imported value of one of `modules`; `path` is the property path below the export (`Cluster`). */
  callImport?(
    b: FlowBuilder,
    site: CallSite,
    imported: { module: string; path: string },
    isNew: boolean,
  ): boolean;
  /**
   * `receiver.name(...)` as the builder meets it, before any value flows: for methods that declare others
   * (ioredis `defineCommand`), so that a call of the declared method is known whichever the flow reaches first.
   */
  declareMethod?(b: FlowBuilder, call: TSESTree.CallExpression, name: string): void;
  /** `receiver.name(...)`, once for every value reaching the receiver. */
  callMethod?(b: FlowBuilder, site: CallSite, receiver: number, receiverFact: number, name: string): boolean;
  /** A call of a function value this model made (a React setter, a promise's `resolve`, a memoized function). */
  callModelValue?(b: FlowBuilder, site: CallSite, value: number): boolean;
  /** A call of a global function: `setInterval`, `JSON.parse`, `structuredClone`. */
  callGlobal?(b: FlowBuilder, site: CallSite, name: string): boolean;
  /** `value.name` on a value this model owns: adds what the property holds to `target`. */
  loadProperty?(b: FlowBuilder, value: number, name: string, target: number, member: TSESTree.Node): boolean;
  /**
   * A function as the builder sets it up: a framework that keeps what it returns across requests (Next's
   * `'use cache'`, a Nest handler under `CacheInterceptor`).
   */
  setupFunction?(b: FlowBuilder, fn: FunctionNode): void;
  /**
   * An instance of a class value this model made, for a binding annotated with the class (a parameter a
   * dependency-injection container fills: `constructor(pool: ConnectionPool)`).
   */
  instanceOf?(b: FlowBuilder, value: number, site: TSESTree.Node): number | undefined;
}
