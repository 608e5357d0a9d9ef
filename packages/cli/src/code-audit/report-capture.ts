import valkeyTrack, { namespace } from '@valkey-track/eslint-plugin';

/** What a rule passed to `context.report`: ESLint's lint results keep the message but not its `data`. */
export interface CapturedReport {
  ruleId: string;
  messageId: string | undefined;
  line: number;
  column: number;
  data: Record<string, unknown>;
}

interface ReportDescriptor {
  messageId?: string;
  data?: Record<string, unknown>;
  node?: { loc?: { start: { line: number; column: number } } };
  loc?: { line: number; column: number } | { start: { line: number; column: number } };
}

type AnyRule = { create(context: { report(descriptor: ReportDescriptor): void }): unknown };

function position(descriptor: ReportDescriptor): { line: number; column: number } {
  const loc = descriptor.loc;
  const start = descriptor.node?.loc?.start ?? (loc && 'start' in loc ? loc.start : loc);
  // ESLint reports 1-based columns; the AST's are 0-based.
  return start ? { line: start.line, column: start.column + 1 } : { line: 0, column: 0 };
}

/**
 * The plugin with every rule's `context.report` observed, so findings can carry the command, category and
 * reasons the rule put in the message data. The rules run unchanged; ESLint still filters the reports
 * (disable comments), so a capture counts only when a lint message matches it.
 */
export function observedPlugin(): { plugin: typeof valkeyTrack; take(): CapturedReport[] } {
  let captured: CapturedReport[] = [];
  const rules = Object.fromEntries(
    Object.entries(valkeyTrack.rules).map(([name, rule]) => {
      const original = rule as unknown as AnyRule;
      const observed = {
        ...rule,
        create(context: { report(descriptor: ReportDescriptor): void }) {
          const report = (descriptor: ReportDescriptor) => {
            captured.push({
              ruleId: `${namespace}/${name}`,
              messageId: descriptor.messageId,
              ...position(descriptor),
              data: descriptor.data ?? {},
            });
            context.report(descriptor);
          };
          // The rule context is frozen; a child object overrides `report` and inherits everything else.
          return original.create(Object.create(context, { report: { value: report } }));
        },
      };
      return [name, observed];
    }),
  ) as unknown as typeof valkeyTrack.rules;
  return {
    plugin: { ...valkeyTrack, rules },
    take() {
      const taken = captured;
      captured = [];
      return taken;
    },
  };
}
