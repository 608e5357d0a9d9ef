import type { FlowBuilder } from './builder.js';
import { valueOfFact } from './facts.js';
import { hasFields, passesThrough } from './values.js';

/**
 * The replies (by label, with the first fact that brought each) a node holds, itself or inside the objects
 * there, through their fields, for one finished analysis. Objects that hold each other (a class instance and the
 * helper it keeps a back-reference in) hold the same replies, so each strongly connected group of objects is
 * read once (Tarjan) and every query after that is a lookup: a large module asks this for thousands of store
 * sites over the same objects.
 */
export class ReplyLabels {
  readonly #b: FlowBuilder;
  /** Per object: the replies its own fields hold, and the objects they hold. */
  readonly #own = new Map<number, { labels: Map<number, number>; inner: number[] }>();
  readonly #inside = new Map<number, Map<number, number>>();
  readonly #order = new Map<number, number>();
  readonly #low = new Map<number, number>();
  readonly #stack: number[] = [];
  readonly #onStack = new Set<number>();

  constructor(b: FlowBuilder) {
    this.#b = b;
  }

  /** The replies at a node and inside the objects there, by label (the first fact of each). */
  at(node: number): Map<number, number> {
    const found = new Map<number, number>();
    for (const f of this.#b.engine.factsAt(node)) {
      const value = valueOfFact(f);
      const described = this.#b.describe(value);
      if (described.kind === 'reply') {
        if (!found.has(value)) found.set(value, f);
      } else if (hasFields(described)) {
        for (const [label, g] of this.#insideOf(value)) if (!found.has(label)) found.set(label, g);
      }
    }
    return found;
  }

  /** The replies (by label) at a node and inside the objects there. */
  labelsAt(node: number): number[] {
    return [...this.at(node).keys()];
  }

  /** The replies directly at a node (not inside objects). */
  #collect(node: number, found: Map<number, number>): void {
    for (const f of this.#b.engine.factsAt(node)) {
      const value = valueOfFact(f);
      if (this.#b.describe(value).kind === 'reply' && !found.has(value)) found.set(value, f);
    }
  }

  #objectsAt(node: number): number[] {
    const objects: number[] = [];
    for (const f of this.#b.engine.factsAt(node)) {
      const value = valueOfFact(f);
      const described = this.#b.describe(value);
      if (described.kind !== 'reply' && hasFields(described)) objects.push(value);
    }
    return objects;
  }

  #insideOf(value: number): Map<number, number> {
    if (!this.#inside.has(value)) this.#visit(value);
    return this.#inside.get(value)!;
  }

  #visit(value: number): void {
    const order = this.#order.size;
    this.#order.set(value, order);
    this.#low.set(value, order);
    this.#stack.push(value);
    this.#onStack.add(value);
    const labels = new Map<number, number>();
    const inner: number[] = [];
    for (const [name, field] of this.#b.engine.fieldsOf(value)) {
      if (passesThrough(name)) continue;
      this.#collect(field, labels);
      inner.push(...this.#objectsAt(field));
    }
    this.#own.set(value, { labels, inner });
    for (const next of inner) {
      if (!this.#order.has(next)) {
        this.#visit(next);
        this.#low.set(value, Math.min(this.#low.get(value)!, this.#low.get(next)!));
      } else if (this.#onStack.has(next)) {
        this.#low.set(value, Math.min(this.#low.get(value)!, this.#order.get(next)!));
      }
    }
    if (this.#low.get(value) !== order) return;
    // The root of a group: everything its members hold, and what the groups below them hold.
    const members: number[] = [];
    let member: number;
    do {
      member = this.#stack.pop()!;
      this.#onStack.delete(member);
      members.push(member);
    } while (member !== value);
    const group = new Set(members);
    const held = new Map<number, number>();
    for (const m of members.reverse()) {
      const own = this.#own.get(m)!;
      for (const [label, f] of own.labels) if (!held.has(label)) held.set(label, f);
      for (const next of own.inner) {
        if (group.has(next)) continue;
        for (const [label, f] of this.#inside.get(next)!) if (!held.has(label)) held.set(label, f);
      }
    }
    for (const m of members) this.#inside.set(m, held);
  }
}
