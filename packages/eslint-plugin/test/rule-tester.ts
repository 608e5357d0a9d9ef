import { RuleTester, type RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { suite } from 'uvu';

/**
 * Runs RuleTester cases as one uvu suite: RuleTester's static test-framework hooks point at uvu
 * (typescript-eslint docs/packages/Rule_Tester.mdx, "Test framework"). `describe` blocks become name prefixes.
 */
export function runRuleTests<MessageIds extends string, Options extends readonly unknown[]>(
  name: string,
  // RuleTester's own RuleModule type (its @typescript-eslint/utils may be a patch release behind the plugin's).
  rule: TSESLint.RuleModule<MessageIds, Options>,
  tests: RunTests<MessageIds, Options>,
): void {
  const test = suite(name);
  const groups: string[] = [];
  RuleTester.afterAll = () => {};
  RuleTester.describe = (text, body) => {
    groups.push(text);
    try {
      body();
    } finally {
      groups.pop();
    }
  };
  RuleTester.it = (text, body) => test([...groups.slice(1), text].join(': '), body);
  RuleTester.itOnly = (text, body) => test.only([...groups.slice(1), text].join(': '), body);
  new RuleTester().run(name, rule as unknown as Parameters<RuleTester['run']>[1], tests as never);
  test.run();
}
