import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, type FunctionNode, staticPropertyName } from '../ast.js';
import type { FlowBuilder, StoreSite } from './builder.js';
import { tagOfFact, valueOfFact } from './facts.js';

/** Past this many nodes a search gives up and answers "yes", which keeps the store as before. */
const MAX_VISITED = 20_000;

/**
 * The objects a helper makes on every call. Objects are named by where they are made, so the array a
 * formatting helper builds (`const pairs = (flat) => { const rows = []; ...; return rows; }`) is one object
 * for all its calls: when one call's result is kept (`pages.set(n, pairs(flat))`), a reply another call
 * formats for the current request (`redis.zrandmember(board, 3).then(pairs)`) looks kept too. Here a helper's
 * object literal that leaves it only by its return is one object per call: a reply the helper is given by
 * some calls is in the objects of those calls only. So a store keeps the reply in such an object only when
 * the object comes from this very call and that call's result outlives the request, or when the object
 * comes from a call that was given the reply. Whatever this cannot decide (a method, a function reading
 * variables of an enclosing scope, a widened fact, a search too long) keeps the store, as before.
 */
export function perCallObjects(
  b: FlowBuilder,
  longLived: ReadonlySet<number>,
  roots: readonly number[],
): (site: StoreSite, label: number) => boolean {
  const engine = b.engine;
  let outliving: Set<number> | undefined;
  /** The long-lived object a field node belongs to. */
  const owners = new Map<number, number>();
  const outlives = (node: number): boolean => {
    if (!outliving) {
      outliving = new Set(roots);
      for (const value of longLived) {
        for (const field of engine.fieldsOf(value).values()) {
          outliving.add(field);
          owners.set(field, value);
        }
      }
    }
    return outliving.has(node);
  };
  /** Whether values at `start` can flow to a node `found` accepts, not through `skip`. */
  const search = (start: readonly number[], found: (node: number) => boolean, skip = -1): boolean => {
    const seen = new Set<number>(start);
    const stack = [...start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (found(node) || seen.size > MAX_VISITED) return true;
      if (node === skip) continue;
      for (const next of engine.successors(node)) {
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    return false;
  };

  /** The function an object or array literal is made in, directly; undefined for any other value. */
  const madeIn = (value: number): FunctionNode | undefined => {
    const described = b.describe(value);
    return described.kind === 'object' && (described.shape === 'object' || described.shape === 'array')
      ? enclosingFunction(described.site)
      : undefined;
  };
  const perCall = new Map<number, boolean>();
  /** Whether an object literal of a function leaves it only by the function's return. */
  const leavesByReturnOnly = (value: number): boolean => {
    let known = perCall.get(value);
    if (known === undefined) {
      const described = b.describe(value);
      const fn = madeIn(value);
      // A cycle (an object stored into itself) assumes the answer it is computing.
      perCall.set(value, true);
      // Stored into another object the function makes per call, it leaves the function as that object does.
      const escapes = (node: number): boolean => {
        if (!outlives(node)) return false;
        const owner = owners.get(node);
        return owner === undefined || madeIn(owner) !== fn || !leavesByReturnOnly(owner);
      };
      known =
        fn !== undefined &&
        described.kind === 'object' &&
        !search([b.valueOf(described.site)], escapes, b.returnNode(fn));
      perCall.set(value, known);
    }
    return known;
  };
  /** Whether a function can hold state of an enclosing scope or of `this`, where a reply could come from. */
  const readsOuterState = (fn: FunctionNode): boolean => {
    if (fn.parent?.type === AST_NODE_TYPES.MethodDefinition || /\bthis\b/.test(b.text(fn))) return true;
    for (const reference of b.sourceCode.getScope(fn).through) {
      const variable = reference.resolved;
      if (!variable || variable.defs.length === 0) continue;
      for (const value of engine.valuesAt(b.variableNode(variable))) {
        const kind = b.describe(value).kind;
        if (kind !== 'function' && kind !== 'class' && kind !== 'client' && kind !== 'import') return true;
      }
    }
    return false;
  };
  /** The calls a reply enters a function by (its tags at the parameters); undefined when that is not all. */
  const entryCalls = (fn: FunctionNode, label: number): number[] | undefined => {
    if (readsOuterState(fn)) return undefined;
    const calls = new Set<number>();
    fn.params.forEach((_parameter, index) => {
      for (const f of engine.factsAt(b.paramSlot(fn, index)))
        if (valueOfFact(f) === label) calls.add(tagOfFact(f));
    });
    if (calls.size === 0 || calls.has(0)) return undefined;
    const sites = [...calls].map((id) => engine.callSites[id]);
    return sites.every((site) => site !== undefined) ? sites.map((site) => site!.result) : undefined;
  };
  // Once per site: the sinks ask for each reply a store holds, the field index for each object it writes.
  const localWrites = new Map<StoreSite, boolean>();
  /**
   * `const product = toProduct(id, hash); product.ttl = await redis.pttl(k)`: a field written on the object one
   * call of a helper made for this function alone (a `const` set once from that call), whose result goes
   * nowhere lasting. The helper's other calls (a route that caches its products) made other objects.
   */
  const writesLocalCallResult = (site: StoreSite): boolean => {
    let known = localWrites.get(site);
    if (known === undefined) {
      known = isLocalCallResultWrite(site);
      localWrites.set(site, known);
    }
    return known;
  };
  const isLocalCallResultWrite = (site: StoreSite): boolean => {
    const here = enclosingFunction(site.node);
    const target = assignedMember(site);
    if (target?.object.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = b.scopes.variableOf(target.object);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    const declarator = definition?.node;
    if (
      declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
      declarator.parent.kind !== 'const' ||
      declarator.init?.type !== AST_NODE_TYPES.CallExpression ||
      enclosingFunction(declarator) !== here
    )
      return false;
    const call = b.callSiteOf(declarator.init);
    const targets = call ? engine.targets.get(call.id) : undefined;
    if (!call || !targets || site.base === undefined) return false;
    const bases = engine.valuesAt(site.base);
    return (
      bases.length > 0 &&
      bases.every((base) => {
        const maker = madeIn(base);
        return maker !== undefined && targets.has(maker) && leavesByReturnOnly(base);
      }) &&
      !search([call.result], outlives)
    );
  };

  /**
   * By object, then field: whether every write of it is on one local call's result. Keyed by the object's number
   * first, so a lookup (one for every field `heldThrough` walks) builds no string.
   */
  let localFields: Map<number, Map<string, boolean>> | undefined;
  /**
   * Whether every write of field `name` of `object` the module makes is a write on one local call's result
   * (`writesLocalCallResult`): what those writes put there stays with those calls' objects, not this one.
   */
  const writtenOnlyLocally = (object: number, name: string): boolean => {
    if (!localFields) {
      localFields = new Map();
      for (const site of b.storeSites) {
        if (site.kind !== 'field' || site.base === undefined) continue;
        const target = assignedMember(site);
        if (!target) continue;
        const field = memberName(target);
        const local = writesLocalCallResult(site);
        for (const base of engine.valuesAt(site.base)) {
          let fields = localFields.get(base);
          if (!fields) localFields.set(base, (fields = new Map()));
          fields.set(field, local && (fields.get(field) ?? true));
        }
      }
    }
    return localFields.get(object)?.get(name) === true;
  };

  /** By object: the fields any store site writes (`*` for one written otherwise than `x.f = ...`). */
  let assigned: Map<number, Set<string>> | undefined;
  /**
   * `{ id, ...describeIdle(seconds) }`: whether a member the literal has only from spreads holds the reply because
   * of this very spread. A helper's per-call object spread here holds it only when a call given the reply is
   * the one spread; another route's call of the same helper made another object. Undefined when the member is
   * written another way (a property of its own, an assignment) or no spread brings the reply.
   */
  const spreadHolds = (object: number, name: string, label: number): boolean | undefined => {
    const described = b.describe(object);
    const literal = described.kind === 'object' ? described.site : undefined;
    if (literal?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    if (!assigned) {
      assigned = new Map();
      for (const site of b.storeSites)
        if (site.kind === 'field' && site.base !== undefined) {
          const target = assignedMember(site);
          const field = target ? memberName(target) : '*';
          for (const base of engine.valuesAt(site.base)) {
            let fields = assigned.get(base);
            if (!fields) assigned.set(base, (fields = new Set()));
            fields.add(field);
          }
        }
    }
    const written = assigned.get(object);
    if (written?.has(name) || written?.has('*')) return undefined;
    let spread: boolean | undefined;
    for (const property of literal.properties) {
      if (property.type === AST_NODE_TYPES.Property) {
        if (property.computed || staticPropertyName(property.key, false) === name) return undefined;
        continue;
      }
      const node = b.valueOf(property.argument);
      for (const value of engine.valuesAt(node)) {
        const member = engine.fieldsOf(value).get(name);
        if (member === undefined || !engine.valuesAt(member).includes(label)) continue;
        const maker = madeIn(value);
        if (!maker || !leavesByReturnOnly(value)) return true;
        const calls = entryCalls(maker, label);
        if (!calls || search(calls, (next) => next === node)) return true;
        spread = false;
      }
    }
    return spread;
  };

  /** Whether `object` holds the reply, and only through objects `fn` makes; undefined when it does not hold it. */
  const heldThrough = (
    object: number,
    label: number,
    fn: FunctionNode,
    seen = new Set<number>(),
  ): boolean | undefined => {
    if (seen.has(object)) return undefined;
    seen.add(object);
    let held: boolean | undefined;
    for (const [name, field] of engine.fieldsOf(object)) {
      if (writtenOnlyLocally(object, name)) continue;
      for (const value of engine.valuesAt(field)) {
        if (value === label) {
          if (spreadHolds(object, name, label) !== false) held = true;
          continue;
        }
        const maker = madeIn(value);
        const inner =
          engine.fieldsOf(value).size > 0 ? heldThrough(value, label, maker ?? fn, seen) : undefined;
        if (inner === undefined) continue;
        if (!inner || maker === undefined || !leavesByReturnOnly(value)) return false;
        if (maker !== fn) {
          // Another helper's per-call object (`rows.map(toMessage)`): here only when a call given the reply
          // puts its result in this field.
          const calls = entryCalls(maker, label);
          if (!calls || search(calls, (node) => node === field)) return false;
          continue;
        }
        held = true;
      }
    }
    return held;
  };

  /**
   * Whether a Map or cache a field or variable holds keeps the reply: itself, or in a helper's per-call object
   * that a call given the reply put there (`this.cache.set(k, pairs(flat))` in one method keeps what `pairs`
   * made for that call, not the page another method formats with it).
   */
  const storeKeeps = (store: number, label: number): boolean => {
    const fields = engine.fieldsOf(store);
    const content = fields.get('*');
    // Fields other than its contents (`set` as the method is loaded) must hold nothing.
    if (content === undefined) return true;
    for (const [name, node] of fields) if (name !== '*' && engine.valuesAt(node).length > 0) return true;
    for (const value of engine.valuesAt(content)) {
      if (value === label) return true;
      const maker = madeIn(value);
      if (!maker) {
        if (engine.fieldsOf(value).size > 0) return true;
        continue;
      }
      const held = heldThrough(value, label, maker);
      if (held === undefined) continue;
      if (!held || !leavesByReturnOnly(value)) return true;
      const calls = entryCalls(maker, label);
      if (!calls || search(calls, (node) => node === content)) return true;
    }
    return false;
  };

  return (site, label) => {
    const here = enclosingFunction(site.node);
    if (site.kind === 'field' && writesLocalCallResult(site)) return false;
    for (const value of engine.valuesAt(site.value)) {
      const maker = value === label ? here : madeIn(value);
      if (value !== label) {
        // Any other object (a Set, a class instance) may hold the reply in ways not followed here.
        if (!maker) {
          if (b.describe(value).kind === 'store') {
            if (storeKeeps(value, label)) return true;
            continue;
          }
          if (engine.fieldsOf(value).size > 0) return true;
          continue;
        }
        const held = heldThrough(value, label, maker);
        if (held === undefined) continue;
        if (!held || !leavesByReturnOnly(value)) return true;
      }
      if (!maker) return true;
      const calls = entryCalls(maker, label);
      if (!calls) return true;
      if (maker === here) {
        // This call's own object (or the reply itself) goes into a base this function makes per call: kept
        // only if a call that gave the reply keeps its result.
        const bases = site.base === undefined ? [] : engine.valuesAt(site.base);
        if (bases.length === 0 || !bases.every((base) => madeIn(base) === here && leavesByReturnOnly(base)))
          return true;
        if (search(calls, outlives)) return true;
      } else if (search(calls, (node) => node === site.value)) {
        // A helper's object: here only when a call that gave the helper the reply flows here.
        return true;
      }
    }
    return false;
  };
}

/** The member a store site assigns (`product.ttl = ms`), or undefined for a store written another way. */
function assignedMember(site: StoreSite): TSESTree.MemberExpression | undefined {
  const target = site.node.type === AST_NODE_TYPES.AssignmentExpression ? site.node.left : undefined;
  return target?.type === AST_NODE_TYPES.MemberExpression ? target : undefined;
}

/** The field a member expression names, `*` when it is computed. */
const memberName = (member: TSESTree.MemberExpression): string =>
  staticPropertyName(member.property, member.computed) ?? '*';
