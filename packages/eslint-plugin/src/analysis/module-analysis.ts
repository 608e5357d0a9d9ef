import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AliasGraph } from './alias-graph.js';
import { forEachNode } from './walk.js';
import {
  type FunctionNode,
  isFunctionNode,
  staticPropertyName,
  thisClass,
  unwrapExpression,
  calleeMethodName,
} from './ast.js';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;
type Variable = TSESLint.Scope.Variable;

/** Methods that hand back the object they are called on (EventEmitter `on`, node-redis `connect()`). */
const RETURNS_RECEIVER = new Set(['on', 'once', 'addListener', 'connect', 'prependListener']);
const MAX_ROUNDS = 8;

/**
 * Everything the rules need to know about one module without type information: its calls, and which
 * expressions may hold the same object (assignments, destructuring, class fields, object properties,
 * arguments passed to local functions and methods, values returned from them).
 */
export class ModuleAnalysis {
  readonly graph = new AliasGraph();
  readonly calls: TSESTree.CallExpression[] = [];
  readonly newExpressions: TSESTree.NewExpression[] = [];
  /** Local name -> module specifier, for imports and `require` calls. */
  readonly imports = new Map<string, string>();

  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #variablePlaces = new Map<Variable, number>();
  readonly #globalPlaces = new Map<string, number>();
  readonly #nodePlaces = new Map<TSESTree.Node, number>();
  readonly #classPlaces = new Map<ClassNode, number>();
  readonly #functionPlaces = new Map<FunctionNode, number>();
  readonly #functions: FunctionNode[] = [];
  readonly #classes: ClassNode[] = [];

  constructor(sourceCode: Readonly<TSESLint.SourceCode>) {
    this.#sourceCode = sourceCode;
    const bindings: Array<() => void> = [];
    const returns: Array<[FunctionNode, TSESTree.Node]> = [];
    forEachNode(sourceCode.ast, sourceCode.visitorKeys, (node) => this.#record(node, bindings, returns));
    for (const bind of bindings) bind();
    for (const cls of this.#classes) this.#bindClass(cls);
    for (const fn of this.#functions) {
      if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.expression) returns.push([fn, fn.body]);
    }
    for (const [fn, value] of returns)
      this.#unionWith(this.graph.member(this.functionPlace(fn), '()'), value);
    for (let round = 0; round < MAX_ROUNDS && this.#bindCalls(); round++);
  }

  /** The place an expression's value lives in, when the module shows one. */
  placeOf(expression: TSESTree.Node): number | undefined {
    const node = unwrapExpression(expression);
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.#identifierPlace(node);
      case AST_NODE_TYPES.ThisExpression: {
        const cls = thisClass(node);
        return cls ? this.classPlace(cls) : undefined;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = staticPropertyName(node.property, node.computed);
        const object = name === undefined ? undefined : this.placeOf(node.object);
        return object === undefined ? undefined : this.graph.member(object, name!);
      }
      case AST_NODE_TYPES.CallExpression: {
        const method = calleeMethodName(node);
        if (method && RETURNS_RECEIVER.has(method) && node.callee.type === AST_NODE_TYPES.MemberExpression) {
          return this.placeOf(node.callee.object);
        }
        return this.#freshPlace(node);
      }
      case AST_NODE_TYPES.NewExpression: {
        const cls = this.#localClass(node.callee);
        return cls ? this.classPlace(cls) : this.#freshPlace(node);
      }
      case AST_NODE_TYPES.ClassExpression:
        return this.classPlace(node);
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return this.functionPlace(node);
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.ConditionalExpression: {
        const place = this.#freshPlace(node);
        const [a, b] =
          node.type === AST_NODE_TYPES.LogicalExpression
            ? [node.left, node.right]
            : [node.consequent, node.alternate];
        this.#unionWith(place, a);
        this.#unionWith(place, b);
        return place;
      }
      default:
        return undefined;
    }
  }

  samePlace(a: TSESTree.Node, b: number | undefined): boolean {
    const place = this.placeOf(a);
    return place !== undefined && b !== undefined && this.graph.same(place, b);
  }

  classPlace(cls: ClassNode): number {
    let place = this.#classPlaces.get(cls);
    if (place === undefined) {
      place = this.graph.create();
      this.#classPlaces.set(cls, place);
    }
    return place;
  }

  functionPlace(fn: FunctionNode): number {
    let place = this.#functionPlaces.get(fn);
    if (place === undefined) {
      place = this.graph.create();
      this.#functionPlaces.set(fn, place);
    }
    return place;
  }

  /** The local functions a place may hold. */
  functionsAt(place: number): FunctionNode[] {
    return this.#functions.filter((fn) => this.graph.same(this.functionPlace(fn), place));
  }

  variableOf(identifier: TSESTree.Identifier): Variable | undefined {
    return ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier) ?? undefined;
  }

  /** The module an identifier was imported from, e.g. `ioredis`. */
  importSource(identifier: TSESTree.Node): string | undefined {
    const node = unwrapExpression(identifier);
    if (node.type === AST_NODE_TYPES.Identifier) return this.imports.get(node.name);
    if (node.type === AST_NODE_TYPES.MemberExpression) return this.importSource(node.object);
    return undefined;
  }

  #identifierPlace(identifier: TSESTree.Identifier): number {
    const variable = this.variableOf(identifier);
    if (!variable) {
      let place = this.#globalPlaces.get(identifier.name);
      if (place === undefined) {
        place = this.graph.create();
        this.#globalPlaces.set(identifier.name, place);
      }
      return place;
    }
    let place = this.#variablePlaces.get(variable);
    if (place === undefined) {
      place = this.graph.create();
      this.#variablePlaces.set(variable, place);
    }
    return place;
  }

  #freshPlace(node: TSESTree.Node): number {
    let place = this.#nodePlaces.get(node);
    if (place === undefined) {
      place = this.graph.create();
      this.#nodePlaces.set(node, place);
    }
    return place;
  }

  #localClass(callee: TSESTree.Node): ClassNode | undefined {
    if (callee.type === AST_NODE_TYPES.ClassExpression) return callee;
    if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
    const definition = this.variableOf(callee)?.defs[0];
    if (definition?.node.type === AST_NODE_TYPES.ClassDeclaration) return definition.node;
    if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator) {
      const init = definition.node.init;
      if (init?.type === AST_NODE_TYPES.ClassExpression) return init;
    }
    return undefined;
  }

  #unionWith(place: number, value: TSESTree.Node): void {
    const node = unwrapExpression(value);
    if (node.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of node.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const name = staticPropertyName(property.key, property.computed);
        if (name !== undefined) this.#unionWith(this.graph.member(place, name), property.value);
      }
      return;
    }
    const valuePlace = this.placeOf(node);
    if (valuePlace !== undefined) this.graph.union(place, valuePlace);
  }

  /** Binds a declaration or assignment target to a value place. */
  #bindPattern(target: TSESTree.Node, value: number): void {
    switch (target.type) {
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression: {
        const place = this.placeOf(target);
        if (place !== undefined) this.graph.union(place, value);
        return;
      }
      case AST_NODE_TYPES.AssignmentPattern:
        this.#bindPattern(target.left, value);
        return;
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of target.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const name = staticPropertyName(property.key, property.computed);
          if (name !== undefined) this.#bindPattern(property.value, this.graph.member(value, name));
        }
        return;
      case AST_NODE_TYPES.TSParameterProperty:
        this.#bindPattern(target.parameter, value);
        return;
      default:
        return;
    }
  }

  #bindValue(target: TSESTree.Node, value: TSESTree.Node): void {
    const place = this.graph.create();
    this.#unionWith(place, value);
    this.#bindPattern(target, place);
  }

  #bindClass(cls: ClassNode): void {
    const instance = this.classPlace(cls);
    for (const element of cls.body.body) {
      if (element.type === AST_NODE_TYPES.MethodDefinition && !element.static) {
        const name = staticPropertyName(element.key, element.computed);
        if (element.kind === 'constructor') {
          for (const parameter of element.value.params) {
            if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
            const id =
              parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern
                ? parameter.parameter.left
                : parameter.parameter;
            if (id.type === AST_NODE_TYPES.Identifier) {
              this.graph.union(this.graph.member(instance, id.name), this.#identifierPlace(id));
            }
          }
        } else if (name !== undefined && element.value.type === AST_NODE_TYPES.FunctionExpression) {
          const method = this.functionPlace(element.value);
          const slot = this.graph.member(instance, name);
          this.graph.union(slot, element.kind === 'get' ? this.graph.member(method, '()') : method);
        }
      } else if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.static && element.value) {
        const name = staticPropertyName(element.key, element.computed);
        if (name !== undefined) this.#unionWith(this.graph.member(instance, name), element.value);
      }
    }
  }

  /** Passes arguments to the parameters of local functions and methods; returns whether anything changed. */
  #bindCalls(): boolean {
    const mergesBefore = this.graph.merges;
    const invocations: Array<TSESTree.CallExpression | TSESTree.NewExpression> = [
      ...this.calls,
      ...this.newExpressions,
    ];
    for (const call of invocations) {
      let targets: FunctionNode[];
      if (call.type === AST_NODE_TYPES.NewExpression) {
        const cls = this.#localClass(call.callee);
        const ctor = cls?.body.body.find(
          (element): element is TSESTree.MethodDefinition =>
            element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor',
        );
        targets = ctor?.value.type === AST_NODE_TYPES.FunctionExpression ? [ctor.value] : [];
      } else {
        const callee = this.placeOf(call.callee);
        targets = callee === undefined ? [] : this.functionsAt(callee);
      }
      for (const fn of targets) {
        if (call.type === AST_NODE_TYPES.CallExpression) {
          this.graph.union(this.#freshPlace(call), this.graph.member(this.functionPlace(fn), '()'));
        }
        fn.params.forEach((parameter, index) => {
          const argument = call.arguments[index];
          if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
          if (parameter.type === AST_NODE_TYPES.RestElement) return;
          this.#bindValue(parameter, argument);
        });
      }
    }
    return this.graph.merges !== mergesBefore;
  }

  #record(
    node: TSESTree.Node,
    bindings: Array<() => void>,
    returns: Array<[FunctionNode, TSESTree.Node]>,
  ): void {
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
        this.calls.push(node);
        this.#recordRequire(node);
        return;
      case AST_NODE_TYPES.NewExpression:
        this.newExpressions.push(node);
        return;
      case AST_NODE_TYPES.ImportDeclaration:
        for (const specifier of node.specifiers) this.imports.set(specifier.local.name, node.source.value);
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        if (node.init) {
          const init = node.init;
          bindings.push(() => this.#bindValue(node.id, init));
        }
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (node.operator === '=' || node.operator === '??=' || node.operator === '||=') {
          bindings.push(() => this.#bindValue(node.left, node.right));
        }
        return;
      case AST_NODE_TYPES.FunctionDeclaration:
        this.#functions.push(node);
        if (node.id) {
          const id = node.id;
          bindings.push(() => this.graph.union(this.#identifierPlace(id), this.functionPlace(node)));
        }
        return;
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
        this.#functions.push(node);
        return;
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.ClassExpression:
        this.#classes.push(node);
        if (node.type === AST_NODE_TYPES.ClassDeclaration && node.id) {
          const id = node.id;
          bindings.push(() => this.graph.union(this.#identifierPlace(id), this.classPlace(node)));
        }
        return;
      case AST_NODE_TYPES.ReturnStatement: {
        let owner: TSESTree.Node | undefined = node.parent;
        while (owner && !isFunctionNode(owner)) owner = owner.parent;
        if (owner && node.argument) returns.push([owner as FunctionNode, node.argument]);
        return;
      }
      default:
        return;
    }
  }

  #recordRequire(call: TSESTree.CallExpression): void {
    if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== 'require') return;
    const source = call.arguments[0];
    if (source?.type !== AST_NODE_TYPES.Literal || typeof source.value !== 'string') return;
    const declarator = call.parent;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator) return;
    if (declarator.id.type === AST_NODE_TYPES.Identifier) this.imports.set(declarator.id.name, source.value);
    if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of declarator.id.properties) {
        if (property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier) {
          this.imports.set(property.value.name, source.value);
        }
      }
    }
  }
}

const analyses = new WeakMap<object, ModuleAnalysis>();

/** One analysis per parsed module, shared by every rule that asks. */
export function analyzeModule(sourceCode: Readonly<TSESLint.SourceCode>): ModuleAnalysis {
  let analysis = analyses.get(sourceCode.ast);
  if (!analysis) {
    analysis = new ModuleAnalysis(sourceCode);
    analyses.set(sourceCode.ast, analysis);
  }
  return analysis;
}
