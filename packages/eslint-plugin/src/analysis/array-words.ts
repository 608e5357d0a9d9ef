import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { staticValue } from './static-value.js';
import {
  declaredFunction,
  enclosingFunction,
  isFunctionNode,
  staticPropertyName,
  unwrapExpression,
} from './ast.js';
import { forEachNode } from './walk.js';
import { type ArgItem, EACH_ELEMENT, isKnown, mappedElements, mappedSpread, wordsOf } from './static-args.js';

type Scope = TSESLint.Scope.Scope;

/** More variants than this and the array counts as unknown. */
const MAX_VARIANTS = 16;

interface Push {
  call: TSESTree.CallExpression;
  method: 'push' | 'unshift';
  /** Each way the arguments can read: several when the push runs once per element of a constant array. */
  words: ArgItem[];
  optional: boolean;
  /** The branch that makes it optional (an `if`'s block): pushes in one branch run together or not at all. */
  branch?: TSESTree.Node;
  /**
   * The loop over an array's elements it runs in, with its words for each element of a constant array, or one
   * element's words ({@link EACH_ELEMENT}) of another: pushes of one loop body interleave element by element.
   */
  loop?: { node: TSESTree.Node; perElement?: ArgItem[][]; each?: string[]; array: TSESTree.Node };
}

/** The words of a constant array of strings and numbers, here or in a parameter every caller gives the same. */
function constantWords(node: TSESTree.Node, scope: Scope): string[] | undefined {
  const value = staticValue(node, scope) ?? parameterValue(node, scope);
  if (
    !value ||
    !Array.isArray(value.value) ||
    !value.value.every((v) => typeof v === 'string' || typeof v === 'number')
  )
    return undefined;
  return value.value.map(String);
}

/**
 * `for (let i = 0; i < PREFIXES.length; i++)` over a constant array (older code's form of `for...of`): the
 * index variable, the array's text, and its elements, so that `PREFIXES[i]` in the body stands for each.
 */
function constantIndexLoop(
  loop: TSESTree.ForStatement,
  scope: Scope,
): { index: TSESLint.Scope.Variable; array: TSESTree.Node; values: string[] } | undefined {
  const { init, test, update } = loop;
  const declared = init?.type === AST_NODE_TYPES.VariableDeclaration ? init.declarations[0] : undefined;
  if (declared?.id.type !== AST_NODE_TYPES.Identifier || staticValue(declared.init!, scope)?.value !== 0)
    return undefined;
  const name = declared.id.name;
  const counts =
    (update?.type === AST_NODE_TYPES.UpdateExpression && update.operator === '++') ||
    (update?.type === AST_NODE_TYPES.AssignmentExpression &&
      update.operator === '+=' &&
      staticValue(update.right, scope)?.value === 1);
  const target =
    update?.type === AST_NODE_TYPES.UpdateExpression
      ? update.argument
      : update?.type === AST_NODE_TYPES.AssignmentExpression
        ? update.left
        : undefined;
  if (!counts || target?.type !== AST_NODE_TYPES.Identifier || target.name !== name) return undefined;
  if (
    test?.type !== AST_NODE_TYPES.BinaryExpression ||
    test.operator !== '<' ||
    test.left.type !== AST_NODE_TYPES.Identifier ||
    test.left.name !== name ||
    test.right.type !== AST_NODE_TYPES.MemberExpression ||
    staticPropertyName(test.right.property, test.right.computed) !== 'length'
  )
    return undefined;
  const array = test.right.object;
  const values = constantWords(array, scope);
  const index = values && ASTUtils.findVariable(scope, declared.id);
  return index && values ? { index, array, values } : undefined;
}

/**
 * The constant a parameter (or a property of one) holds when every call of its function in the module passes the
 * same one: `function track(client, opts) { for (const p of opts.prefixes) … }` called as
 * `track(redis, { prefixes: PREFIXES })`.
 */
function parameterValue(node: TSESTree.Node, scope: Scope): { value: unknown } | null {
  const path: string[] = [];
  let base = unwrapExpression(node);
  while (base.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticPropertyName(base.property, base.computed);
    if (name === undefined) return null;
    path.unshift(name);
    base = unwrapExpression(base.object);
  }
  if (base.type !== AST_NODE_TYPES.Identifier) return null;
  const definition = ASTUtils.findVariable(scope, base)?.defs[0];
  if (definition?.type !== 'Parameter' || !isFunctionNode(definition.node)) return null;
  const fn = definition.node;
  // `function track(client, { prefixes })`: the property path from the parameter to the binding.
  let param: TSESTree.Node = definition.name;
  while (param.parent && !fn.params.includes(param as TSESTree.Parameter)) {
    const parent: TSESTree.Node = param.parent;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === param) {
      const name = staticPropertyName(parent.key, parent.computed);
      if (name === undefined) return null;
      path.unshift(name);
    } else if (parent.type !== AST_NODE_TYPES.ObjectPattern) return null;
    param = parent;
  }
  const index = fn.params.indexOf(param as TSESTree.Parameter);
  const named =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? fn.id
      : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator
        ? fn.parent.id
        : undefined;
  if (index < 0 || named?.type !== AST_NODE_TYPES.Identifier) return null;
  const callee = ASTUtils.findVariable(scope, named.name);
  let found: { value: unknown } | null = null;
  for (const reference of callee?.references ?? []) {
    const call = reference.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier) continue;
    const argument = call.arguments[index];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return null;
    const value = propertyPath(argument, path, reference.from);
    if (!value || (found && JSON.stringify(found.value) !== JSON.stringify(value.value))) return null;
    found = value;
  }
  return found;
}

/** `path` into an argument: through an object literal's properties, then into a constant. */
function propertyPath(node: TSESTree.Node, path: readonly string[], scope: Scope): { value: unknown } | null {
  let current = unwrapExpression(node);
  let rest = [...path];
  while (rest.length > 0 && current.type === AST_NODE_TYPES.ObjectExpression) {
    const property = current.properties.find(
      (p): p is TSESTree.Property =>
        p.type === AST_NODE_TYPES.Property && staticPropertyName(p.key, p.computed) === rest[0],
    );
    if (!property) return null;
    current = unwrapExpression(property.value as TSESTree.Expression);
    rest = rest.slice(1);
  }
  let value = staticValue(current, scope);
  for (const name of rest) {
    const object = value?.value;
    if (object === null || typeof object !== 'object' || !Object.hasOwn(object, name)) return null;
    value = { value: (object as Record<string, unknown>)[name] };
  }
  return value;
}

/**
 * The words one push in a loop adds with its element as {@link EACH_ELEMENT}, when all are literals (`'PREFIX'`
 * alone too: a push of the same body adds the element).
 */
function elementWords(
  variable: TSESLint.Scope.Variable,
  words: (bindings: Map<TSESLint.Scope.Variable, string>) => ArgItem[],
): string[] | undefined {
  const one = words(new Map([[variable, EACH_ELEMENT]]));
  return one.length > 0 && one.every(isKnown) ? one : undefined;
}

/**
 * A loop over an array's elements: `for (const x of array)`, or the callback of `array.forEach((x) => ...)`
 * (older code's and chained code's form): the element's variable and the array.
 */
function elementLoop(
  node: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { variable: TSESLint.Scope.Variable; array: TSESTree.Node } | undefined {
  let id: TSESTree.Node | undefined;
  let array: TSESTree.Node | undefined;
  if (node.type === AST_NODE_TYPES.ForOfStatement) {
    id = node.left.type === AST_NODE_TYPES.VariableDeclaration ? node.left.declarations[0]?.id : undefined;
    array = node.right;
  } else if (isFunctionNode(node)) {
    const call = node.parent;
    const callee = call?.type === AST_NODE_TYPES.CallExpression ? call.callee : undefined;
    if (
      call?.type !== AST_NODE_TYPES.CallExpression ||
      call.arguments[0] !== node ||
      callee?.type !== AST_NODE_TYPES.MemberExpression ||
      staticPropertyName(callee.property, callee.computed) !== 'forEach'
    )
      return undefined;
    id = node.params[0];
    array = callee.object;
  }
  if (id?.type !== AST_NODE_TYPES.Identifier || !array) return undefined;
  const variable = sourceCode.scopeManager
    ?.getDeclaredVariables(node.type === AST_NODE_TYPES.ForOfStatement ? node.left : node)
    .find((v) => v.name === (id as TSESTree.Identifier).name);
  return variable ? { variable, array } : undefined;
}

/** An indexed loop's array, as the source writes it, and the element `PREFIXES[i]` reads this time round. */
interface IndexedElements {
  array: string;
  element: string;
}

/**
 * The words one `args.push(...)` adds, given where it stands relative to the array's declaration: once,
 * maybe (inside a branch), once per element of a constant array (unrolled), or unknown (another loop).
 */
function pushWords(
  call: TSESTree.CallExpression,
  block: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Pick<Push, 'words' | 'optional' | 'branch' | 'loop'> {
  const scope = sourceCode.getScope(call);
  const boundTo = (node: TSESTree.Node, bindings: Map<TSESLint.Scope.Variable, string>) => {
    const variable = node.type === AST_NODE_TYPES.Identifier ? ASTUtils.findVariable(scope, node) : null;
    return variable ? bindings.get(variable) : undefined;
  };
  const words = (bindings?: Map<TSESLint.Scope.Variable, string>, indexed?: IndexedElements): ArgItem[] =>
    call.arguments.flatMap((argument) => {
      if (bindings) {
        const bound = boundTo(argument, bindings);
        if (bound !== undefined) return [bound];
        // `` `t:${tenant}:` ``, `'t:' + tenant`: the element inside a string built around it.
        const built = boundString(
          argument,
          (node) => {
            const value = boundTo(node, bindings);
            return value === undefined || value === EACH_ELEMENT ? undefined : value;
          },
          scope,
        );
        if (built !== undefined) return [built];
        // `PREFIXES[i]` of an indexed loop over PREFIXES: the element the index stands for.
        if (
          indexed &&
          argument.type === AST_NODE_TYPES.MemberExpression &&
          argument.computed &&
          indexed.array === sourceCode.getText(argument.object) &&
          boundTo(argument.property, bindings) !== undefined
        )
          return [indexed.element];
      }
      return wordsOf(argument, scope, sourceCode);
    });
  let optional = false;
  let branch: TSESTree.Node | undefined;
  let result: ArgItem[] | undefined;
  let inLoop: Push['loop'];
  const tests: TSESTree.Node[] = [];
  for (
    let previous: TSESTree.Node = call, current: TSESTree.Node | undefined = call.parent;
    current && current !== block;
    previous = current, current = current.parent
  ) {
    const loop = elementLoop(current, sourceCode);
    if (loop) {
      // `if (prefix)` in the body only skips an empty element: every real one is pushed.
      if (optional && tests.every((test) => testsOnly(test, loop.variable))) {
        optional = false;
        branch = undefined;
      }
      const values = constantWords(loop.array, scope);
      if (!values && !result) {
        // Over an array the module does not show (a parameter's): one push per element, for a caller to unroll.
        const each = elementWords(loop.variable, words);
        return {
          words: [
            {
              unknownRest: true,
              text: sourceCode.getText(call),
              ...(each?.includes(EACH_ELEMENT) ? { source: loop.array, each } : {}),
            },
          ],
          optional,
          ...(branch ? { branch } : {}),
          loop: { node: current, array: loop.array, ...(each ? { each } : {}) },
        };
      }
      if (!values || result)
        return { words: [{ unknownRest: true, text: sourceCode.getText(call) }], optional };
      const perElement = values.map((value) => words(new Map([[loop.variable, value]])));
      result = perElement.flat();
      inLoop = { node: current, array: loop.array, perElement };
      continue;
    }
    if (isFunctionNode(current))
      return { words: [{ unknownRest: true, text: sourceCode.getText(call) }], optional: true };
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.SwitchCase:
        // The innermost branch decides; an outer one only adds a condition on the same pushes.
        if (!optional) branch = current.type === AST_NODE_TYPES.SwitchCase ? current : previous;
        optional = true;
        tests.push(current);
        break;
      case AST_NODE_TYPES.ForStatement: {
        const loop = constantIndexLoop(current, scope);
        if (!loop || result)
          return { words: [{ unknownRest: true, text: sourceCode.getText(call) }], optional };
        result = loop.values.flatMap((element, position) =>
          words(new Map([[loop.index, String(position)]]), {
            array: sourceCode.getText(loop.array),
            element,
          }),
        );
        break;
      }
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return { words: [{ unknownRest: true, text: sourceCode.getText(call) }], optional };
      default:
        break;
    }
  }
  return {
    words: result ?? words(),
    optional,
    ...(branch ? { branch } : {}),
    ...(inLoop ? { loop: inLoop } : {}),
  };
}

/**
 * A template literal or `+` concatenation of constants and loop elements (`bound` gives an element's value), as
 * one string; undefined when it holds no element or anything else.
 */
function boundString(
  node: TSESTree.Node,
  bound: (node: TSESTree.Node) => string | undefined,
  scope: Scope,
): string | undefined {
  let usesElement = false;
  const part = (piece: TSESTree.Node): string | undefined => {
    const element = bound(piece);
    if (element !== undefined) {
      usesElement = true;
      return element;
    }
    if (piece.type === AST_NODE_TYPES.TemplateLiteral) {
      let text = piece.quasis[0]!.value.cooked ?? undefined;
      for (let i = 0; i < piece.expressions.length && text !== undefined; i++) {
        const inner = part(piece.expressions[i]!);
        const tail = piece.quasis[i + 1]!.value.cooked;
        text = inner === undefined || tail === null ? undefined : text + inner + tail;
      }
      return text;
    }
    if (piece.type === AST_NODE_TYPES.BinaryExpression && piece.operator === '+') {
      const left = part(piece.left);
      const right = left === undefined ? undefined : part(piece.right);
      return right === undefined ? undefined : left! + right;
    }
    const value = staticValue(piece, scope)?.value;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  if (node.type !== AST_NODE_TYPES.TemplateLiteral && node.type !== AST_NODE_TYPES.BinaryExpression)
    return undefined;
  const text = part(node);
  return usesElement ? text : undefined;
}

/** Whether a branch's test reads only the loop's element (`if (p)`, `p && ...`, `if (typeof p === 'string')`). */
function testsOnly(branch: TSESTree.Node, variable: TSESLint.Scope.Variable): boolean {
  const test =
    branch.type === AST_NODE_TYPES.IfStatement || branch.type === AST_NODE_TYPES.ConditionalExpression
      ? branch.test
      : branch.type === AST_NODE_TYPES.LogicalExpression
        ? branch.left
        : undefined;
  if (!test) return false;
  const names = new Set<string>();
  let other = false;
  const visit = (node: TSESTree.Node): void => {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        names.add(node.name);
        return;
      case AST_NODE_TYPES.Literal:
        return;
      case AST_NODE_TYPES.UnaryExpression:
        return visit(node.argument);
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.LogicalExpression:
        visit(node.left);
        return visit(node.right);
      case AST_NODE_TYPES.MemberExpression:
        // `p.length`
        return node.computed ? void (other = true) : visit(node.object);
      default:
        other = true;
    }
  };
  visit(test);
  return !other && names.size === 1 && names.has(variable.name);
}

/**
 * Pushes one after another in one loop's body (`args.push('PREFIX'); args.push(p)`) as one push whose words
 * interleave element by element: `PREFIX a PREFIX b`, not `PREFIX PREFIX a b`.
 */
function mergeLoopBodies(pushes: readonly Push[], sourceCode: Readonly<TSESLint.SourceCode>): Push[] {
  const merged: Push[] = [];
  for (let i = 0; i < pushes.length;) {
    const first = pushes[i]!;
    let end = i + 1;
    const same = (push: Push) =>
      push.loop?.node === first.loop?.node &&
      push.method === 'push' &&
      push.optional === first.optional &&
      push.branch === first.branch;
    while (first.loop && first.method === 'push' && end < pushes.length && same(pushes[end]!)) end++;
    const group = pushes.slice(i, end);
    i = end;
    if (group.length === 1) {
      merged.push(first);
      continue;
    }
    const loop = first.loop!;
    let words: ArgItem[];
    if (group.every((push) => push.loop!.perElement)) {
      words = loop.perElement!.flatMap((_, k) => group.flatMap((push) => push.loop!.perElement![k]!));
    } else {
      const each = group.every((push) => push.loop!.each)
        ? group.flatMap((push) => push.loop!.each!)
        : undefined;
      const text = group.map((push) => sourceCode.getText(push.call)).join('; ');
      words = [
        {
          unknownRest: true,
          text,
          ...(each?.includes(EACH_ELEMENT) ? { source: loop.array, each } : {}),
        },
      ];
    }
    merged.push({ ...first, words });
  }
  return merged;
}

/** The one expression a function of the module called here returns (a `return` of its own, or an arrow's body). */
function returnedExpression(
  call: TSESTree.CallExpression,
  scope: Scope,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.Node | undefined {
  if (call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const fn = declaredFunction(ASTUtils.findVariable(scope, call.callee)?.defs[0]?.node);
  if (!fn) return undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const returns: TSESTree.ReturnStatement[] = [];
  forEachNode(fn.body, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && enclosingFunction(node) === fn) returns.push(node);
  });
  return returns.length === 1 ? (returns[0]!.argument ?? undefined) : undefined;
}

/** The word lists an expression can stand for: a conditional array (`cond ? ['NOLOOP'] : []`) has two. */
export function expressionVariants(
  node: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): ArgItem[][] {
  const scope = sourceCode.getScope(node);
  if (depth < 10) {
    switch (node.type) {
      case AST_NODE_TYPES.ConditionalExpression:
        return [
          ...expressionVariants(node.consequent, sourceCode, depth + 1),
          ...expressionVariants(node.alternate, sourceCode, depth + 1),
        ].slice(0, MAX_VARIANTS);
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
        return expressionVariants(node.expression, sourceCode, depth + 1);
      case AST_NODE_TYPES.SpreadElement:
        // `...PREFIXES.flatMap((p) => ['PREFIX', p])`, or a const holding it: the words of each element.
        if (mappedSpread(node.argument, scope)) break;
        return expressionVariants(node.argument, sourceCode, depth + 1);
      case AST_NODE_TYPES.ArrayExpression: {
        let variants: ArgItem[][] = [[]];
        for (const element of node.elements) {
          if (!element) continue;
          // `...PREFIXES.flatMap((p) => ['PREFIX', p])` reads as the words of each element.
          const options =
            element.type === AST_NODE_TYPES.SpreadElement && !mappedSpread(element.argument, scope)
              ? expressionVariants(element.argument, sourceCode, depth + 1)
              : [wordsOf(element, scope, sourceCode)];
          variants = variants
            .flatMap((prefix) => options.map((option) => [...prefix, ...option]))
            .slice(0, MAX_VARIANTS);
        }
        return variants;
      }
      case AST_NODE_TYPES.CallExpression: {
        // `client.client(...trackingWords(id))`: what a function of the module returns.
        const returned = returnedExpression(node, scope, sourceCode);
        if (returned) return expressionVariants(returned, sourceCode, depth + 1);
        break;
      }
      case AST_NODE_TYPES.Identifier: {
        if (staticValue(node, scope)) break;
        const built = arrayVariants(node, sourceCode, depth + 1);
        if (built) return built;
        const variable = ASTUtils.findVariable(scope, node);
        const definition = variable?.defs[0];
        // `const words = cond ? [...] : [...]`, not `const { prefix } = options` (one member of its init).
        if (
          variable?.defs.length === 1 &&
          definition?.node.type === AST_NODE_TYPES.VariableDeclarator &&
          definition.node.id === definition.name &&
          definition.node.init &&
          variable.references.filter((r) => r.isWrite()).length <= 1
        ) {
          return expressionVariants(definition.node.init, sourceCode, depth + 1);
        }
        break;
      }
      default:
        break;
    }
  }
  const words = wordsOf(node, scope, sourceCode);
  return [words];
}

/**
 * The word lists an array variable can hold when it is sent: its literal initializer plus the
 * `push`/`unshift` calls after it, in order (`const args = ['ON', 'REDIRECT', id]; if (bcast) args.push('BCAST')`).
 * Undefined when the variable is not built that way.
 */
export function arrayVariants(
  identifier: TSESTree.Identifier,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): ArgItem[][] | undefined {
  const scope = sourceCode.getScope(identifier);
  const variable = ASTUtils.findVariable(scope, identifier);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || definition?.node.type !== AST_NODE_TYPES.VariableDeclarator)
    return undefined;
  const declarator = definition.node;
  let init = declarator.init;
  while (
    init &&
    (init.type === AST_NODE_TYPES.TSAsExpression || init.type === AST_NODE_TYPES.TSSatisfiesExpression)
  )
    init = init.expression;
  if (declarator.id !== definition.name || init?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  if (variable.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
  const bases = expressionVariants(init, sourceCode, depth + 1);
  const block = declarator.parent.parent;
  const pushes: Push[] = [];
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const call = member.parent;
    const name = member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
    if (call?.type === AST_NODE_TYPES.AssignmentExpression && call.left === member) return undefined;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) continue;
    if (name !== 'push' && name !== 'unshift') {
      if (['splice', 'pop', 'shift', 'fill', 'reverse', 'sort', 'copyWithin'].includes(name ?? ''))
        return undefined;
      continue;
    }
    if (call.range[0] < declarator.range[0]) continue;
    pushes.push({ call, method: name, ...pushWords(call, block, sourceCode) });
  }
  pushes.sort((a, b) => a.call.range[0] - b.call.range[0]);
  const steps = mergeLoopBodies(pushes, sourceCode);
  let variants: ArgItem[][] = bases;
  // Pushes one after another in the same branch (`if (bcast) { args.push('BCAST'); for (...) args.push('PREFIX', p) }`)
  // are one choice, not one each: no variant has the prefixes without BCAST.
  for (let i = 0; i < steps.length;) {
    let end = i + 1;
    while (end < steps.length && steps[i]!.branch && steps[end]!.branch === steps[i]!.branch) end++;
    const group = steps.slice(i, end);
    const grown = variants.map((words) =>
      group.reduce(
        (acc, push) => (push.method === 'push' ? [...acc, ...push.words] : [...push.words, ...acc]),
        words,
      ),
    );
    variants = steps[i]!.optional ? [...variants, ...grown] : grown;
    if (variants.length > MAX_VARIANTS) return undefined;
    i = end;
  }
  return variants;
}
