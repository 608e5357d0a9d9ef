/**
 * Which expressions of a module may hold the same object: a union-find over "places" (variables, class
 * instances, properties of places) closed under property access, so that once `ctx` and `this` are known
 * to be the same object, `ctx.redis` and `this.redis` are too.
 */
export class AliasGraph {
  readonly #parent: number[] = [];
  readonly #members = new Map<number, Map<string, number>>();
  /** Grows with every merge, so callers can iterate until nothing changes. */
  merges = 0;

  create(): number {
    const id = this.#parent.length;
    this.#parent.push(id);
    return id;
  }

  find(place: number): number {
    let root = place;
    while (this.#parent[root] !== root) root = this.#parent[root]!;
    let current = place;
    while (this.#parent[current] !== root) {
      const next = this.#parent[current]!;
      this.#parent[current] = root;
      current = next;
    }
    return root;
  }

  /** The place `place.name`. */
  member(place: number, name: string): number {
    const root = this.find(place);
    let members = this.#members.get(root);
    if (!members) {
      members = new Map();
      this.#members.set(root, members);
    }
    let child = members.get(name);
    if (child === undefined) {
      child = this.create();
      members.set(name, child);
    }
    return child;
  }

  same(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }

  /** Merges two places; returns whether anything changed. */
  union(a: number, b: number): boolean {
    const pending: Array<[number, number]> = [[a, b]];
    let changed = false;
    while (pending.length > 0) {
      const [x, y] = pending.pop()!;
      const rootX = this.find(x);
      const rootY = this.find(y);
      if (rootX === rootY) continue;
      changed = true;
      this.merges++;
      this.#parent[rootX] = rootY;
      const fromMembers = this.#members.get(rootX);
      if (!fromMembers) continue;
      this.#members.delete(rootX);
      let intoMembers = this.#members.get(rootY);
      if (!intoMembers) {
        intoMembers = new Map();
        this.#members.set(rootY, intoMembers);
      }
      for (const [name, child] of fromMembers) {
        const existing = intoMembers.get(name);
        if (existing === undefined) intoMembers.set(name, child);
        else pending.push([child, existing]);
      }
    }
    return changed;
  }
}
