import { recordAnalysisFailure } from '../analysis-failures.js';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname } from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { clientStates } from '../client-states.js';
import { fieldTtlKeys, mentionsFieldTtl } from '../field-ttl.js';
import { analyzeFlow } from '../flow/module-flow.js';
import { nodeRedisVersionOf } from '../../util/node-redis-version.js';
import { models } from '../../models/index.js';
import type { PluginSettings } from '../../util/settings.js';
import { moduleConstants, registerImportedConstants } from '../static-value.js';
import { importedConstants, importResolver } from './materialize.js';
import { requestScopedClasses } from './request-scoped.js';
import { nitroAutoImport } from './nitro-auto-imports.js';
import { baseClassImports } from './base-class-imports.js';
import { registrationResolver } from './registration-resolver.js';
import { type RegisteredNode, registeredNodes } from '../registrations.js';
import { type ModuleSummary, parameterModel, seedParameterMarkers, summarizeModule } from './summary.js';
import { classesOf, type HookMarker, seedHookMarkers } from './template-hooks.js';

/** The fact budget of a summary (a linted module has 1,000,000). */
const SUMMARY_MAX_FACTS = 150_000;

const summaries = new Map<string, { mtimeMs: number; summary: ModuleSummary | undefined }>();

/**
 * `deep`: the module read with the `shallow` summaries of the modules it imports (a base class's injected
 * connection manager is in a third module), and, for an export a shallow summary lacks, the `mid` one (the
 * client `clients.js` makes with a factory of `redis.js`, which `tags.js` imports); `mid`: the same without that
 * fallback; `shallow`: the module alone. The module being linted reads its imports deep, and a deep summary
 * reads its own imports shallow or mid, which read theirs shallow, so a summary depends on the module and its
 * imports only, never on the order files are linted in, and an import cycle is never followed round.
 */
export type SummaryDepth = 'deep' | 'mid' | 'shallow';

type LanguageOptions = Record<string, unknown> & {
  parser?: { parseForESLint?: unknown };
  parserOptions?: Record<string, unknown>;
};

/** A parser that reads TypeScript: the linted file's own when it can, else typescript-eslint's if installed. */
function typescriptParser(file: string, current: LanguageOptions['parser']): unknown {
  if (current?.parseForESLint) return current;
  for (const from of [file, import.meta.url]) {
    try {
      return createRequire(from)('@typescript-eslint/parser');
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/** The language options to read another module with: the linted file's, without type information. */
function optionsFor(file: string, languageOptions: LanguageOptions): LanguageOptions | undefined {
  const { parserOptions = {}, ...rest } = languageOptions;
  const {
    project: _project,
    projectService: _service,
    programs: _programs,
    tsconfigRootDir: _root,
    ...plain
  } = parserOptions;
  const options: LanguageOptions = { ...rest, parserOptions: plain };
  if (/\.[cm]?tsx?$/.test(file)) {
    const parser = typescriptParser(file, languageOptions.parser);
    if (!parser) return undefined;
    options.parser = parser as LanguageOptions['parser'];
  }
  const extension = extname(file);
  if (extension === '.cjs' || extension === '.cts') options.sourceType = 'commonjs';
  if (extension === '.mjs' || extension === '.mts') options.sourceType = 'module';
  return options;
}

/**
 * What a module exports, read from its source with the same analysis (without type information; its own
 * imports as `depth` says), cached by modification time: in an audit or an editor session each module is
 * summarized once at each depth however many modules import it. Unreadable or unparsable modules have no summary.
 */
export function loadSummary(
  file: string,
  languageOptions: LanguageOptions,
  settings: PluginSettings,
  depth: SummaryDepth = 'shallow',
): ModuleSummary | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const key = `${depth}\u0000${file}`;
  const cached = summaries.get(key);
  if (cached && cached.mtimeMs === mtimeMs) return cached.summary;
  summaries.set(key, { mtimeMs, summary: undefined });
  const options = optionsFor(file, languageOptions);
  let summary: ModuleSummary | undefined;
  // Whether a deep reading took anything from another module. When it did not, every import and registration
  // read as nothing, as they do in the shallow reading, which is then the same summary: a library bundle is
  // not parsed and analysed a second time for it.
  let tookFromOthers = false;
  const noting = <T extends readonly unknown[] | 'later'>(values: T): T => {
    if (values !== 'later' && values.length > 0) tookFromOthers = true;
    return values;
  };
  if (options) {
    try {
      const text = readFileSync(file, 'utf8');
      const linter = new Linter({ configType: 'flat', cwd: dirname(file) });
      const collect = {
        create(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>) {
          return {
            'Program:exit'() {
              registerImportedConstants(context.sourceCode.ast, importedConstants(context, settings));
              let markers = new Map<string, number>();
              let registered: RegisteredNode[] = [];
              let hooks: HookMarker[] = [];
              // A deep summary reads its imports shallow: a base class's `this.pool.primary` is the
              // client of the class it injects.
              const imports =
                depth === 'shallow'
                  ? baseClassImports(context.sourceCode.ast, importResolver(context, settings, 'shallow'))
                  : importResolver(context, settings, 'shallow', depth === 'deep' ? 'mid' : undefined);
              // A base class's `@Inject(REDIS) redis` is the client a provider of the project registers.
              const registrations = depth === 'shallow' ? undefined : registrationResolver(context, settings);
              const flow = analyzeFlow(context.sourceCode, [...models, parameterModel], settings, {
                imports: imports && ((...args) => noting(imports(...args))),
                registrations: registrations && ((...args) => noting(registrations(...args))),
                exportsMatter: true,
                requestScoped: requestScopedClasses(file),
                // A Nitro utility's own unimported names (`redis` of `server/utils/redis.ts`).
                autoImport: depth === 'shallow' ? undefined : (name) => nitroAutoImport(file, name),
                file,
                // Application modules stay far below this (under 50,000 facts in every corpus app); a large
                // library class can reach the linted module's budget, and is read for its exports only.
                maxFacts: SUMMARY_MAX_FACTS,
                beforeRun: (b, named) => {
                  markers = seedParameterMarkers(b, named);
                  registered = registeredNodes(b);
                  hooks = seedHookMarkers(b, classesOf(b));
                },
              });
              const clients = clientStates(flow.builder, () => nodeRedisVersionOf(settings, file));
              summary = summarizeModule(file, flow, clients, markers, registered, hooks);
              summary.constants = moduleConstants(context.sourceCode);
              if (mentionsFieldTtl(text)) summary.fieldTtlKeys = fieldTtlKeys(flow.builder, file);
            },
          };
        },
      };
      const read = (languageOptions: LanguageOptions) =>
        linter.verify(
          text,
          [
            {
              files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
              languageOptions: languageOptions as Linter.LanguageOptions,
              plugins: { 'valkey-track-summary': { rules: { collect } } } as never,
              rules: { 'valkey-track-summary/collect': 'error' },
            },
          ],
          { filename: file },
        );
      // The options are the linted file's: an ES module imported by a `.cjs` file (or a CommonJS `.js`
      // required by an ES module) reads with the other source type.
      if (read(options).some((message) => message.fatal) && !/\.[cm][jt]s$/.test(file))
        read({ ...options, sourceType: options.sourceType === 'commonjs' ? 'module' : 'commonjs' });
    } catch (error) {
      if (process.env.VALKEY_TRACK_DEBUG) console.error(error);
      recordAnalysisFailure(file, error);
      summary = undefined;
    }
  }
  summaries.set(key, { mtimeMs, summary });
  const shallowKey = `shallow\u0000${file}`;
  if (depth !== 'shallow' && summary && !tookFromOthers && summaries.get(shallowKey)?.mtimeMs !== mtimeMs)
    summaries.set(shallowKey, { mtimeMs, summary });
  return summary;
}
