import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from '../ast.js';
import { fact, MAX_CALL_SITES, tagOfFact, valueOfFact, viaOfFact } from './facts.js';
import { TagCounts } from './tag-counts.js';
import { hasFields, isLabel, ValueTable } from './values.js';

/** How a fact crosses an edge. */
export const enum Step {
  /** The same value, tag and via. */
  Copy = 0,
  /** A value computed from the source (`keys.length`, `String(ttl)`): replies only, and those held inside objects. */
  Derive = 1,
  /** Into a parameter (or `this`) at a call site: the tag becomes the call site. */
  CallIn = 2,
  /** From a function's return to a call site's result, matching the call site the value came in by. */
  Return = 3,
  /** Into a field of an object: fields are shared state, so the tag is dropped. */
  Store = 4,
}

/** A call (or `new`, or a call a library makes of a callback it is given). Its id is the tag facts carry. */
export interface CallSite {
  id: number;
  node: TSESTree.Node;
  args: number[];
  /** Index of the first spread argument, -1 without one. */
  spreadFrom: number;
  receiver: number | undefined;
  result: number;
  synthetic: boolean;
  /** Set when the call reaches a function of the module or a library model: no generic step applies. */
  resolved: boolean;
}

const VALUE_SPAN = 2 ** 20;
/** How many call-site tags one value keeps at one node before it is widened to untagged. */
const MAX_TAGS_PER_VALUE = 6;
/** Widening only starts in a large analysis: a module of ordinary size keeps every tag. */
const WIDEN_AFTER = 100_000;

/** Stops a pathological file from taking unbounded time: past this many facts the analysis stops adding. */
const MAX_FACTS = 1_000_000;

/**
 * The propagation core: nodes hold facts, edges and listeners move them, to a fixpoint (a worklist over
 * an inclusion-based, flow-insensitive points-to and taint analysis, in the style of Andersen). Listeners
 * are the complex constraints: "for every object that reaches this node, its field `f` flows there".
 */
export class FlowEngine {
  readonly values = new ValueTable();
  readonly callSites: Array<CallSite | undefined> = [undefined];
  /** Which functions each call site reaches. */
  readonly targets = new Map<number, Set<FunctionNode>>();
  readonly #callSitesOf = new Map<FunctionNode, Set<number>>();
  readonly #returnOwner = new Map<number, FunctionNode>();
  readonly #facts: Array<Set<number> | undefined> = [];
  readonly #edges: Array<number[] | undefined> = [];
  readonly #listeners: Array<Array<(f: number) => void> | undefined> = [];
  readonly #fields = new Map<number, Map<string, number>>();
  readonly #fieldListeners = new Map<number, Array<(name: string, node: number) => void>>();
  readonly #derived = new Map<number, Set<number>>();
  readonly #queue: number[] = [];
  /** Made once the analysis is large enough to widen. */
  #taggedCounts: TagCounts | undefined;
  #nodes = 0;
  #factCount = 0;
  /** True once the fact budget ran out (the results are then a lower bound). */
  truncated = false;
  /** The fact budget: lower for a summary of another module than for the module being linted. */
  maxFacts = MAX_FACTS;

  node(): number {
    return this.#nodes++;
  }

  factsAt(node: number): ReadonlySet<number> {
    return this.#facts[node] ?? EMPTY;
  }

  /** The distinct values at a node. */
  valuesAt(node: number): number[] {
    const set = new Set<number>();
    for (const f of this.factsAt(node)) set.add(valueOfFact(f));
    return [...set];
  }

  add(node: number, f: number): void {
    // Widening: past a few call-site tags for one value at one node, the value stands untagged there (it goes back
    // to every caller). Keeps a helper called from hundreds of places from multiplying the facts.
    if (f >= VALUE_SPAN && this.#factCount > WIDEN_AFTER) {
      const seen = (this.#taggedCounts ??= new TagCounts()).increment(node * VALUE_SPAN + valueOfFact(f));
      if (seen > MAX_TAGS_PER_VALUE) f = fact(valueOfFact(f), 0, viaOfFact(f));
    }
    let set = this.#facts[node];
    if (!set) {
      set = new Set();
      this.#facts[node] = set;
    }
    if (set.has(f)) return;
    if (this.#factCount >= this.maxFacts) {
      this.truncated = true;
      return;
    }
    this.#factCount++;
    set.add(f);
    this.#queue.push(node, f);
  }

  addValue(node: number, value: number, tag = 0): void {
    this.add(node, fact(value, tag));
  }

  edge(from: number, to: number, step: Step = Step.Copy, site = 0): void {
    if (from === to && step === Step.Copy) return;
    let list = this.#edges[from];
    if (!list) {
      list = [];
      this.#edges[from] = list;
    }
    list.push(to, step, site);
    // Facts added to `from` while crossing are crossed again from the queue; crossing is idempotent.
    for (const f of this.factsAt(from)) this.#cross(f, from, to, step, site);
  }

  /** The nodes an edge leads to from `node`, whatever its step. */
  *successors(node: number): Generator<number> {
    const list = this.#edges[node];
    if (!list) return;
    for (let i = 0; i < list.length; i += 3) yield list[i]!;
  }

  listen(node: number, listener: (f: number) => void): void {
    let list = this.#listeners[node];
    if (!list) {
      list = [];
      this.#listeners[node] = list;
    }
    list.push(listener);
    for (const f of [...this.factsAt(node)]) listener(f);
  }

  /** Calls `listener` once for every distinct value reaching `node` (whatever its tags). */
  listenValues(node: number, listener: (value: number, f: number) => void): void {
    const seen = new Set<number>();
    this.listen(node, (f) => {
      const value = valueOfFact(f);
      if (seen.has(value)) return;
      seen.add(value);
      listener(value, f);
    });
  }

  field(value: number, name: string): number {
    let fields = this.#fields.get(value);
    if (!fields) {
      fields = new Map();
      this.#fields.set(value, fields);
    }
    let node = fields.get(name);
    if (node === undefined) {
      node = this.node();
      fields.set(name, node);
      for (const listener of this.#fieldListeners.get(value) ?? []) listener(name, node);
    }
    return node;
  }

  fieldsOf(value: number): ReadonlyMap<string, number> {
    return this.#fields.get(value) ?? EMPTY_FIELDS;
  }

  /** Every field of a value, now and later. */
  onFields(value: number, listener: (name: string, node: number) => void): void {
    let list = this.#fieldListeners.get(value);
    if (!list) {
      list = [];
      this.#fieldListeners.set(value, list);
    }
    list.push(listener);
    for (const [name, node] of [...this.fieldsOf(value)]) listener(name, node);
  }

  newCallSite(site: Omit<CallSite, 'id' | 'resolved'>): CallSite {
    const id = this.callSites.length;
    const record: CallSite = {
      id: id <= MAX_CALL_SITES ? id : 0,
      node: site.node,
      args: site.args,
      spreadFrom: site.spreadFrom,
      receiver: site.receiver,
      result: site.result,
      synthetic: site.synthetic,
      resolved: false,
    };
    this.callSites.push(record);
    return record;
  }

  callSitesOf(fn: FunctionNode): ReadonlySet<number> {
    return this.#callSitesOf.get(fn) ?? EMPTY;
  }

  /** Records that `site` calls `fn`; returns false when it already did. */
  recordCall(site: CallSite, fn: FunctionNode, returnNode: number): boolean {
    let targets = this.targets.get(site.id);
    if (!targets) {
      targets = new Set();
      this.targets.set(site.id, targets);
    }
    if (targets.has(fn)) return false;
    targets.add(fn);
    let sites = this.#callSitesOf.get(fn);
    if (!sites) {
      sites = new Set();
      this.#callSitesOf.set(fn, sites);
    }
    sites.add(site.id);
    this.#returnOwner.set(returnNode, fn);
    site.resolved = true;
    return true;
  }

  /** Runs to a fixpoint. */
  run(): void {
    const queue = this.#queue;
    while (queue.length > 0) {
      const f = queue.pop()!;
      const node = queue.pop()!;
      const edges = this.#edges[node];
      if (edges) {
        for (let i = 0; i < edges.length; i += 3)
          this.#cross(f, node, edges[i]!, edges[i + 1]!, edges[i + 2]!);
      }
      const listeners = this.#listeners[node];
      if (listeners) for (let i = 0; i < listeners.length; i++) listeners[i]!(f);
    }
  }

  #cross(f: number, from: number, to: number, step: number, site: number): void {
    switch (step) {
      case Step.Copy:
        this.add(to, f);
        return;
      case Step.Store:
        this.add(to, fact(valueOfFact(f), 0, viaOfFact(f)));
        return;
      case Step.CallIn:
        this.add(to, fact(valueOfFact(f), site, viaOfFact(f)));
        return;
      case Step.Derive: {
        const value = valueOfFact(f);
        const described = this.values.get(value);
        if (isLabel(described)) this.add(to, f);
        else if (hasFields(described)) this.#deriveContents(value, to);
        return;
      }
      case Step.Return:
        this.#return(f, from, to, site);
        return;
    }
  }

  #deriveContents(value: number, to: number): void {
    let targets = this.#derived.get(value);
    if (!targets) {
      targets = new Set();
      this.#derived.set(value, targets);
    }
    if (targets.has(to)) return;
    targets.add(to);
    // A parameter's `result` stands for what calling it returns, not for what it holds: `${target.constructor.name}`
    // in a decorator is no call of `target`.
    const marker = this.values.get(value);
    const callable = marker.kind === 'model' && marker.model === 'summary';
    this.onFields(value, (name, node) => {
      if (callable && name === 'result') return;
      this.edge(node, to, Step.Derive);
    });
  }

  #return(f: number, from: number, to: number, siteId: number): void {
    const tag = tagOfFact(f);
    const value = valueOfFact(f);
    if (tag !== 0 && tag === siteId) {
      const site = this.callSites[siteId]!;
      let restored = false;
      for (const node of site.receiver === undefined ? site.args : [...site.args, site.receiver]) {
        for (const g of this.factsAt(node)) {
          if (valueOfFact(g) === value) {
            this.add(to, g);
            restored = true;
          }
        }
      }
      // Not among the arguments: made inside the callee from something that came in (a reply of a client passed in).
      if (!restored) this.add(to, fact(value, 0, isLabel(this.values.get(value)) ? siteId : 0));
      return;
    }
    if (tag !== 0) {
      const owner = this.#returnOwner.get(from);
      // The value came in through another call of the same function: it is that caller's, not this one's.
      if (owner && this.#callSitesOf.get(owner)?.has(tag)) return;
    }
    const via = viaOfFact(f);
    this.add(to, fact(value, 0, isLabel(this.values.get(value)) && via === 0 ? siteId : via));
  }
}

const EMPTY: ReadonlySet<number> = new Set();
const EMPTY_FIELDS: ReadonlyMap<string, number> = new Map();
