import { Linter } from 'eslint';
import rule from '../src/rules/no-uncovered-cached-read.js';

/** The messages `no-uncovered-cached-read` gives a JavaScript module, in order: for tests of their wording. */
export function messagesOf(code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(code, [
      {
        files: ['**/*.js'],
        plugins: { vt: { rules: { 'no-uncovered-cached-read': rule } } as never },
        rules: { 'vt/no-uncovered-cached-read': 'error' },
      },
    ])
    .map((message) => message.message);
}
