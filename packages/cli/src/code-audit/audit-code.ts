import { readFileSync } from 'node:fs';
import { parse, relative, resolve, sep } from 'node:path';
import { ESLint } from 'eslint';
import type { ServerKind } from '@valkey-track/rules-data';
import { mentionsFieldTtl, namespace, takeAnalysisFailures } from '@valkey-track/eslint-plugin';
import { progressBar } from '../report/progress-bar.js';
import type { AuditReport, Finding } from '../report/types.js';
import { codeAuditConfig } from './code-audit-config.js';
import { findSourceFiles, isSourceFile, type SourceFile } from './find-source-files.js';
import { prefilterFor } from './prefilter.js';
import { filesThatMayHoldFindings } from './project-index.js';
import { clientNames, ProjectSettingsFinder, type ProjectSettings } from './project-settings.js';
import { observedPlugin } from './report-capture.js';
import { SkipList } from './skip-list.js';
import { stagedFiles } from './staged-files.js';
import { toFinding } from './to-finding.js';

export interface CodeAuditOptions {
  /** Audit the content staged in git of the files staged (within `paths` when given) instead of walking `paths`. */
  staged?: boolean;
  /** A category map (`valkey-track commands --format json`), passed to the rules as `categoriesFile`. */
  categoriesFile?: string;
  server?: ServerKind;
  /** Lint only files that can hold a finding (default true); false lints every file, for comparison. */
  prefilter?: boolean;
  progress?: boolean;
  version: string;
  cwd?: string;
}

const sortFindings = (a: Finding, b: Finding): number =>
  (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || a.column - b.column;

/**
 * `valkey-track audit [paths]`: runs the plugin's rules over a codebase through ESLint's Node API, with the
 * code audit's own configuration (only our rules), the project's `settings['valkey-track']` when its
 * eslint.config.* sets them, and its `ignores`. Files that cannot hold a finding are not parsed at all (`prefilter.ts`).
 * Missing paths, unreadable files and files that do not parse are skipped, counted and reported.
 */
export async function auditCode(paths: readonly string[], options: CodeAuditOptions): Promise<AuditReport> {
  const cwd = options.cwd ?? process.cwd();
  const skips = new SkipList();
  const files: SourceFile[] = options.staged
    ? stagedFiles(paths, cwd, isSourceFile)
    : findSourceFiles(paths, skips, cwd);
  const show = (path: string) => relative(cwd, path).split(sep).join('/') || '.';

  const finder = new ProjectSettingsFinder();
  const observed = observedPlugin();
  const linters = new Map<ProjectSettings, ESLint>();
  const filters = new Map<ProjectSettings, (text: string) => boolean>();
  const categoriesFile = options.categoriesFile ? resolve(cwd, options.categoriesFile) : undefined;
  const linterFor = (project: ProjectSettings, file: string): ESLint => {
    let eslint = linters.get(project);
    if (!eslint) {
      const settings = {
        ...project.settings,
        // Field TTLs any module of the project gives a key hold for every module's reads of it.
        ...(hashFieldTtlModules.length > 0 ? { hashFieldTtlModules } : {}),
        ...(categoriesFile ? { categoriesFile } : {}),
        ...(options.server ? { server: options.server } : {}),
      };
      eslint = new ESLint({
        // ESLint lints only files under its base path: the project's config directory, else the file system root.
        cwd: project.directory ?? parse(file).root,
        overrideConfigFile: true,
        overrideConfig: [
          ...codeAuditConfig({ plugin: observed.plugin, settings, ruleOptions: project.ruleOptions }),
          { linterOptions: { reportUnusedDisableDirectives: 'off' } },
        ],
        ignore: false,
      });
      linters.set(project, eslint);
    }
    return eslint;
  };

  // First every file's text, so the project index can tell which files import a module with clients.
  const texts = new Map<string, string>();
  const projects = new Map<string, ProjectSettings>();
  for (const file of files) {
    try {
      texts.set(file.path, file.text ?? readFileSync(file.path, 'utf8'));
    } catch (error) {
      skips.add('unreadable', {
        file: show(file.path),
        preview: (error as NodeJS.ErrnoException).code ?? String(error),
      });
      continue;
    }
    const project = await finder.forFile(file.path);
    projects.set(file.path, project);
    if (!filters.has(project)) filters.set(project, prefilterFor(clientNames(project.settings)));
  }
  const mayHoldFinding =
    options.prefilter === false
      ? undefined
      : filesThatMayHoldFindings(texts, (text, file) => {
          // A module outside the audited files (a staged file's import) is judged without settings names.
          const project = projects.get(file);
          return (project ? filters.get(project)! : prefilterFor([]))(text, file);
        });

  // Modules that give hash fields TTLs, among those that can send a command at all.
  const hashFieldTtlModules = [...texts]
    .filter(([file, text]) => mentionsFieldTtl(text) && (!mayHoldFinding || mayHoldFinding.has(file)))
    .map(([file]) => file);
  const findings: Finding[] = [];
  const unanalysed = new Set<string>();
  let linted = 0;
  let skippedByPrefilter = 0;
  let ignoredByEslintConfig = 0;
  const progress = options.progress === false ? undefined : progressBar(files.length, 'files');
  for (const [index, file] of files.entries()) {
    progress?.update(index);
    const text = texts.get(file.path);
    if (text === undefined) continue;
    const project = projects.get(file.path)!;
    if (mayHoldFinding && !mayHoldFinding.has(file.path)) {
      skippedByPrefilter++;
      continue;
    }
    // Asked only for files that may hold a finding: the project's `ignores` (vendored or generated code).
    if (project.isIgnored && (await project.isIgnored(file.path))) {
      ignoredByEslintConfig++;
      continue;
    }
    const [result] = await linterFor(project, file.path).lintText(text, { filePath: file.path });
    const captured = observed.take();
    linted++;
    for (const failure of takeAnalysisFailures()) {
      if (unanalysed.has(failure.file)) continue;
      unanalysed.add(failure.file);
      skips.add('unanalysed', { file: show(failure.file), preview: failure.message });
    }
    for (const message of result?.messages ?? []) {
      if (message.fatal) {
        skips.add('unparsable', { file: show(file.path), line: message.line, preview: message.message });
      } else if (message.ruleId?.startsWith(`${namespace}/`)) {
        findings.push(toFinding(show(file.path), message, captured));
      }
    }
  }
  progress?.finish();

  const problems = [...new Set([...filters.keys()].map((p) => p.problem).filter((p): p is string => !!p))];
  const notes =
    problems.length === 0
      ? []
      : [
          `${problems.length} ESLint config${problems.length === 1 ? '' : 's'} could not be loaded, so the audit used no settings['valkey-track'] from ${problems.length === 1 ? 'it' : 'them'} (${problems[0]})`,
        ];
  return {
    tool: { name: 'valkey-track', version: options.version },
    kind: 'code',
    inputs: options.staged
      ? [paths.length > 0 ? `staged in ${paths.join(', ')}` : 'staged files']
      : [...paths],
    findings: findings.sort(sortFindings),
    totals: {
      files: files.length,
      linted,
      skippedByPrefilter,
      ...(ignoredByEslintConfig > 0 ? { ignoredByEslintConfig } : {}),
    },
    skipped: skips.toArray(),
    notes,
  };
}
