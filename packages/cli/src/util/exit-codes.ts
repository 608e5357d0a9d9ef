/** Every exit code the CLI uses and what it means: printed once in the top-level help, and in README. */
export const exitCodes: readonly (readonly [code: number, meaning: string])[] = [
  [0, 'clean'],
  [
    1,
    'findings at or above --fail-on (audit, merge), disagreements (verify), drift or disagreeing nodes (commands --fail-on-drift)',
  ],
  [2, 'usage, I/O or connection error'],
  [130, 'interrupted (verify, after cleaning up)'],
];

/** The block as help and README show it. */
export const exitCodeLines = (): string[] =>
  exitCodes.map(([code, meaning]) => `  ${String(code).padEnd(3)}  ${meaning}`);
