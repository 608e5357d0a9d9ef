import type { Argv, ReadChange, ReadRecipe } from '../types.js';

/** Another client runs `argv`, touching `touches`. */
export const write = (argv: Argv, ...touches: string[]): ReadChange => ({ kind: 'command', argv, touches });

/** Another client only reads, `times` times: no invalidation can follow. */
export const readBy = (argv: Argv, key: string, times = 1, note?: string): ReadChange => ({
  kind: 'command',
  argv,
  touches: [key],
  times,
  ...(note ? { note } : {}),
});

export const wait = (ms: number, note?: string): ReadChange => ({
  kind: 'wait',
  ms,
  ...(note ? { note } : {}),
});

export const repeat = (attempts = 20): ReadChange => ({ kind: 'repeat', attempts });

/** The control of every full recipe: a write elsewhere must leave the reply alone. */
export const unrelatedWrite: ReadChange = {
  kind: 'command',
  argv: ['SET', '{p}unrelated', 'x'],
  touches: ['{p}unrelated'],
  note: 'control: a write to an unrelated key must not change the reply',
};

/** A read whose every key is remembered: each change is a write to them, plus the control. */
export const tracked = (id: string, setup: Argv[], read: Argv, ...changes: ReadChange[]): ReadRecipe => ({
  id,
  reason: 'tracked-keys',
  setup,
  read,
  changes: [...changes, unrelatedWrite],
});

/** `HSET key field:1 1 … field:n n` as one command. */
export const hashOf = (key: string, fields: number): string[] => [
  'HSET',
  key,
  ...Array.from({ length: fields }, (_, i) => [`field:${i + 1}`, String(i + 1)]).flat(),
];

export const setOf = (key: string, members: number): string[] => [
  'SADD',
  key,
  ...Array.from({ length: members }, (_, i) => `m${i + 1}`),
];

export const zsetOf = (key: string, members: number): string[] => [
  'ZADD',
  key,
  ...Array.from({ length: members }, (_, i) => [String(i + 1), `m${i + 1}`]).flat(),
];

/** The script entries' category is the worst realistic case (a script reading the time, code changing under it). */
export const deterministicDeclared =
  'A deterministic script that declares its key, with its code in the arguments: nothing but the key can change the reply.';
