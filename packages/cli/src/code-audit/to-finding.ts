import type { Linter } from 'eslint';
import type { Finding, FindingCategory } from '../report/types.js';
import type { CapturedReport } from './report-capture.js';

/**
 * The category of a message that carries none in its data: how much of the cache goes stale. `none` when
 * nothing ever invalidates the cached reply; `partial` when only some changes go unannounced (a multi-key
 * message, a flush, a reconnect, a race) or coverage could not be told.
 */
const categoryByMessage: Record<string, FindingCategory> = {
  optInWithoutCaching: 'none',
  cacheWithoutInvalidation: 'none',
};

/** The command a message is about when its data does not name it (`client|tracking` at a tracking site). */
const commandByMessage: Record<string, string> = {
  trackingNotRestored: 'client|tracking',
};

const asCategory = (value: unknown): FindingCategory | undefined =>
  value === 'partial' || value === 'none' ? value : undefined;

const asReasons = (value: unknown): string[] | undefined =>
  Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string' && value !== ''
      ? value.split(',').map((r) => r.trim())
      : undefined;

/**
 * A lint message as a finding. `command`, `category` and `reasons` come from the report's data when the rule
 * put them there (the command in the server's naming, lower case); otherwise from the message id.
 */
export function toFinding(
  file: string,
  message: Linter.LintMessage,
  captured: readonly CapturedReport[],
): Finding {
  const report = captured.find(
    (c) =>
      c.ruleId === message.ruleId &&
      c.messageId === message.messageId &&
      c.line === message.line &&
      c.column === message.column,
  );
  const data = report?.data ?? {};
  const messageId = message.messageId ?? '';
  const command =
    typeof data.command === 'string' ? data.command.toLowerCase() : (commandByMessage[messageId] ?? '');
  return {
    file,
    line: message.line,
    column: message.column,
    command,
    category: asCategory(data.category) ?? categoryByMessage[messageId] ?? 'partial',
    reasons: asReasons(data.reasons) ?? [],
    rule: message.ruleId ?? '',
    message: message.message,
  };
}
