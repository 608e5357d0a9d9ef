import { exitCodeLines } from './exit-codes.js';

interface HelpSection {
  title?: string;
  body: string;
}

/**
 * cac's help, made to read right: a `--no-*` option does not show cac's "(default: true)" (the default is the
 * behaviour the option turns off), lines lose cac's trailing space, and the exit codes are printed once, in the
 * top-level help (the one with the list of commands).
 */
export function tidyHelp(sections: HelpSection[]): HelpSection[] {
  const tidied = sections.map((section) => ({
    ...section,
    body: section.body
      .split('\n')
      .map((line) => (/^\s+--no-/.test(line) ? line.replace(/ \(default: true\)\s*$/, '') : line).trimEnd())
      .join('\n'),
  }));
  if (sections.some((section) => section.title === 'Commands')) {
    tidied.push({ title: 'Exit codes', body: exitCodeLines().join('\n') });
  }
  return tidied;
}
