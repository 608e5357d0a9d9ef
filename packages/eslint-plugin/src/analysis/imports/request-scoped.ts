import { readFileSync } from 'node:fs';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type ClassNode, importedName, ownConstructor, programOf } from '../ast.js';
import { projectModulesMatching, projectRoot } from './project-files.js';

/**
 * Classes a dependency-injection container makes anew for each request, so what their fields keep serves one
 * request (the default for a class made outside its module is that it lives as a service does):
 * - NestJS `@Injectable({ scope: Scope.REQUEST })` (also on a controller), on the class itself;
 * - inversify `bind(X).toSelf().inRequestScope()` / `.to(X).inRequestScope()` anywhere in the project;
 * - typedi `Container.of(requestId).get(X)`: a container per request;
 * - tsyringe `container.resolve(X)` inside a function (a handler) of a class that is `@injectable()` but no
 *   `@singleton()` and not `registerSingleton`ed: tsyringe makes a transient anew at each resolve;
 * - inversify `container.get(X)` inside a function, when nothing binds X `inSingletonScope()` and no container
 *   defaults to singletons.
 */
const SCOPE_TEXT = /inRequestScope|Container\.of\s*\(|\b(?:container|Container|injector)\.(?:resolve|get)\b/;
const PER_REQUEST_BINDING = [
  /bind(?:<[^>]*>)?\(\s*([\w$]+)\s*\)\s*\.toSelf\(\)\s*\.inRequestScope\(\)/g,
  /\.to\(\s*([\w$]+)\s*\)\s*\.inRequestScope\(\)/g,
  /\bContainer\.of\([^)]*\)\s*\.get\(\s*([\w$]+)\s*\)/g,
];
/** A resolution (`container.resolve(X)`); on an indented line it is inside a function, so once per call of it. */
const RESOLVED = /\b(?:container|Container|injector)\.(resolve|get)(?:<[^>]*>)?\(\s*([\w$]+)\s*\)/g;
const indented = (text: string, at: number): boolean => {
  const lineStart = text.lastIndexOf('\n', at) + 1;
  return text[lineStart] === ' ' || text[lineStart] === '\t';
};
const SINGLETON = [
  /registerSingleton(?:<[^>]*>)?\(\s*([\w$]+)/g,
  /bind(?:<[^>]*>)?\(\s*([\w$]+)\s*\)[^;]*?\.inSingletonScope\(\)/g,
  /\.to\(\s*([\w$]+)\s*\)\s*\.inSingletonScope\(\)/g,
];

interface ProjectScopes {
  at: number;
  perRequest: Set<string>;
  /** Resolved per call by `container.resolve` (tsyringe) or `container.get` (inversify). */
  resolved: Map<string, Set<string>>;
  singletons: Set<string>;
  singletonDefault: boolean;
}

const REUSE_MS = 5000;
const byRoot = new Map<string, ProjectScopes>();

function projectScopes(file: string): ProjectScopes | undefined {
  const root = projectRoot(file);
  if (!root) return undefined;
  const now = Date.now();
  const cached = byRoot.get(root);
  if (cached && now - cached.at < REUSE_MS) return cached;
  const scopes: ProjectScopes = {
    at: now,
    perRequest: new Set(),
    resolved: new Map(),
    singletons: new Set(),
    singletonDefault: false,
  };
  for (const module of projectModulesMatching(file, SCOPE_TEXT)) {
    let text: string;
    try {
      text = readFileSync(module, 'utf8');
    } catch {
      continue;
    }
    for (const pattern of PER_REQUEST_BINDING)
      for (const match of text.matchAll(pattern)) scopes.perRequest.add(match[1]!);
    for (const match of text.matchAll(RESOLVED)) {
      if (!indented(text, match.index)) continue;
      const methods = scopes.resolved.get(match[2]!) ?? new Set<string>();
      methods.add(match[1]!);
      scopes.resolved.set(match[2]!, methods);
    }
    for (const pattern of SINGLETON)
      for (const match of text.matchAll(pattern)) scopes.singletons.add(match[1]!);
    if (/defaultScope\s*:\s*['"`]Singleton['"`]|BindingScopeEnum\.Singleton/.test(text))
      scopes.singletonDefault = true;
  }
  byRoot.set(root, scopes);
  return scopes;
}

/** Decorators of classes a container makes (NestJS, tsyringe, inversify, typedi). */
const DI_MARKS = ['Injectable', 'Controller', 'Resolver', 'injectable', 'singleton', 'scoped', 'Service'];

/** The decorators of a class by name, with their first argument. */
function decorators(cls: ClassNode): Map<string, TSESTree.Node | undefined> {
  const found = new Map<string, TSESTree.Node | undefined>();
  for (const decorator of cls.decorators ?? []) {
    const expression = decorator.expression;
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    if (callee.type === AST_NODE_TYPES.Identifier)
      found.set(
        callee.name,
        expression.type === AST_NODE_TYPES.CallExpression ? expression.arguments[0] : undefined,
      );
  }
  return found;
}

/** NestJS: `@Injectable({ scope: Scope.REQUEST })`, `@Controller({ path, scope: Scope.REQUEST })`. */
function nestRequestScope(options: TSESTree.Node | undefined): boolean {
  if (options?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return options.properties.some(
    (p) =>
      p.type === AST_NODE_TYPES.Property &&
      p.key.type === AST_NODE_TYPES.Identifier &&
      p.key.name === 'scope' &&
      p.value.type === AST_NODE_TYPES.MemberExpression &&
      p.value.property.type === AST_NODE_TYPES.Identifier &&
      p.value.property.name === 'REQUEST',
  );
}

/** AdonisJS's HTTP context type, by the module that exports it (v6, and v5's IoC alias). */
const ADONIS_CONTEXT: Record<string, string> = {
  '@adonisjs/core/http': 'HttpContext',
  '@ioc:Adonis/Core/HttpContext': 'HttpContextContract',
};

/**
 * An AdonisJS controller: a class whose methods take the HTTP context (`async index({ request }: HttpContext)`).
 * The router makes a fresh instance of it for each request (https://docs.adonisjs.com/guides/controllers).
 */
function adonisController(cls: ClassNode): boolean {
  const contextNames = new Set<string>();
  const program = programOf(cls);
  if (!program) return false;
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration) continue;
    const exported = ADONIS_CONTEXT[statement.source.value];
    for (const specifier of statement.specifiers)
      if (
        exported &&
        specifier.type === AST_NODE_TYPES.ImportSpecifier &&
        importedName(specifier) === exported
      )
        contextNames.add(specifier.local.name);
  }
  if (contextNames.size === 0) return false;
  return cls.body.body.some((member) => {
    if (member.type !== AST_NODE_TYPES.MethodDefinition) return false;
    const parameter = member.value.params[0];
    const type =
      parameter && 'typeAnnotation' in parameter ? parameter.typeAnnotation?.typeAnnotation : undefined;
    return (
      type?.type === AST_NODE_TYPES.TSTypeReference &&
      type.typeName.type === AST_NODE_TYPES.Identifier &&
      contextNames.has(type.typeName.name)
    );
  });
}

/** A predicate for the classes of the module at `file` whose instances live for one request. */
export function requestScopedClasses(file: string): (cls: ClassNode) => boolean {
  // Asked once for each instance the long-lived values hold: each class is looked at once.
  const known = new Map<ClassNode, boolean>();
  return (cls) => {
    let scoped = known.get(cls);
    if (scoped === undefined) known.set(cls, (scoped = requestScoped(file, cls)));
    return scoped;
  };
}

/** Whether instances of `cls` live for one request (see `requestScopedClasses`). */
function requestScoped(file: string, cls: ClassNode, asking = new Set<ClassNode>()): boolean {
  if (adonisController(cls)) return true;
  const marks = decorators(cls);
  // Only a class a container makes: a plain class costs no look at the project.
  if (!DI_MARKS.some((name) => marks.has(name))) return false;
  for (const name of ['Injectable', 'Controller', 'Resolver'])
    if (marks.has(name) && nestRequestScope(marks.get(name))) return true;
  // Nest's scope bubbles up: a provider or controller given a request-scoped one is made per request too.
  asking.add(cls);
  for (const injected of injectedClassesOfModule(cls))
    if (!asking.has(injected) && requestScoped(file, injected, asking)) return true;
  const name = cls.id?.name;
  if (!name) return false;
  const scopes = projectScopes(file);
  if (!scopes) return false;
  if (scopes.perRequest.has(name)) return true;
  const resolved = scopes.resolved.get(name);
  if (!resolved || scopes.singletons.has(name) || marks.has('singleton') || marks.has('Service'))
    return false;
  // tsyringe resolves an `@injectable()` anew each time; inversify gets a transient unless told otherwise.
  return (
    (resolved.has('resolve') && marks.has('injectable')) ||
    (resolved.has('get') && marks.has('injectable') && !scopes.singletonDefault)
  );
}

/** The classes of `cls`'s own module its constructor is given by type (`constructor(private audit: AuditService)`). */
function injectedClassesOfModule(cls: ClassNode): ClassNode[] {
  const constructor = ownConstructor(cls);
  const program = programOf(cls);
  if (!constructor || !program) return [];
  const classes = new Map<string, ClassNode>();
  for (const statement of program.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.ClassDeclaration && declaration.id)
      classes.set(declaration.id.name, declaration);
  }
  return constructor.params.flatMap((parameter) => {
    const declared = parameter.type === AST_NODE_TYPES.TSParameterProperty ? parameter.parameter : parameter;
    const type = 'typeAnnotation' in declared ? declared.typeAnnotation?.typeAnnotation : undefined;
    const injected =
      type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier
        ? classes.get(type.typeName.name)
        : undefined;
    return injected ? [injected] : [];
  });
}
