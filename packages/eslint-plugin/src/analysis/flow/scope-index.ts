import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type Variable = TSESLint.Scope.Variable;
type Scope = TSESLint.Scope.Scope;

/**
 * The scope manager's answers, indexed once: which variable each identifier reads, writes or declares
 * (`findVariable` per identifier would walk scopes again every time), and which scopes belong to the module
 * itself (the global scope of a script, the module scope, or the wrapper function of CommonJS).
 */
export class ScopeIndex {
  readonly #variableOf = new Map<TSESTree.Identifier | TSESTree.JSXIdentifier, Variable | null>();
  readonly moduleVariables: Set<Variable> = new Set();
  readonly #scopeOfVariable = new Map<Variable, Scope>();

  constructor(sourceCode: Readonly<TSESLint.SourceCode>) {
    const manager = sourceCode.scopeManager;
    if (!manager) return;
    // A class declaration binds its name twice: outside, and inside its own scope. Both are one variable here.
    const canonical = new Map<Variable, Variable>();
    for (const scope of manager.scopes) {
      const moduleLevel =
        scope.type === 'global' || scope.type === 'module' || scope.block.type === AST_NODE_TYPES.Program;
      for (const variable of scope.variables) {
        const outer = variable.identifiers.map((id) => this.#variableOf.get(id)).find((v) => v);
        if (outer) {
          canonical.set(variable, outer);
          continue;
        }
        this.#scopeOfVariable.set(variable, scope);
        if (moduleLevel && variable.defs.length > 0) this.moduleVariables.add(variable);
        for (const id of variable.identifiers) this.#variableOf.set(id, variable);
      }
    }
    for (const scope of manager.scopes) {
      for (const reference of scope.references) {
        // ESLint declares the environment's globals (Map, Promise, process) as variables without definitions.
        let resolved: Variable | null =
          reference.resolved && reference.resolved.defs.length > 0 ? (reference.resolved as Variable) : null;
        if (resolved) resolved = canonical.get(resolved) ?? resolved;
        if (!this.#variableOf.has(reference.identifier) || resolved)
          this.#variableOf.set(reference.identifier, resolved);
      }
    }
  }

  /** The variable an identifier refers to; null for an unresolved global; undefined when it is no reference. */
  variableOf(identifier: TSESTree.Node): Variable | null | undefined {
    return this.#variableOf.get(identifier as TSESTree.Identifier);
  }

  scopeOf(variable: Variable): Scope | undefined {
    return this.#scopeOfVariable.get(variable);
  }
}
