import { namespace, rules } from '@valkey-track/eslint-plugin';
import type { AuditReport, Finding } from './types.js';

const RULE_TEXT: Record<string, string> = {
  'monitor/uncovered-read': 'A read by a tracking client that CLIENT TRACKING does not fully cover',
  'monitor/silent-write': 'A write that changes data without sending invalidations while clients track',
  'monitor/unknown-command':
    'A command of a tracking client that neither the data nor the category map knows, so its coverage is unknown',
  'monitor/tracking-on-some-nodes':
    'A client that tracks on some nodes but reads from others, where nothing invalidates what it caches',
  'monitor/redirect-to-other-node':
    'CLIENT TRACKING REDIRECT to a client id that is not an invalidation connection of that node',
  // The code rules describe themselves.
  ...Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [
      `${namespace}/${name}`,
      rule.meta.docs?.description ?? name,
    ]),
  ),
};

const HELP_URI = 'https://github.com/valkey-track/valkey-track#readme';

function location(finding: Finding, report: AuditReport) {
  const uri = finding.file ?? (report.kind === 'monitor' ? report.inputs[0] : undefined);
  if (!uri || uri === '-' || uri.startsWith('live ')) return [];
  return [
    {
      physicalLocation: {
        artifactLocation: { uri: uri.split('\\').join('/') },
        region: { startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column) },
      },
    },
  ];
}

/**
 * `--format sarif`: SARIF 2.1.0 for code scanning (GitHub uploads it with `github/codeql-action/upload-sarif`).
 * `none` is an error, `partial` a warning (matching the default `--fail-on`), `unknown` a note.
 */
export function renderSarif(report: AuditReport): string {
  const ruleIds = [...new Set(report.findings.map((f) => f.rule))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: HELP_URI,
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: RULE_TEXT[id] ?? id },
              helpUri: HELP_URI,
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: f.category === 'none' ? 'error' : f.category === 'partial' ? 'warning' : 'note',
          message: { text: f.message },
          locations: location(f, report),
          properties: {
            command: f.command,
            category: f.category,
            reasons: f.reasons,
            ...(f.client !== undefined ? { client: f.client } : {}),
            ...(f.count !== undefined
              ? { count: f.count, share: f.share, mode: f.mode, shape: f.shape }
              : {}),
          },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
