import { categoryOf, type Category, type CommandMetadata, type ReasonCode } from '@valkey-track/rules-data';

export interface Inference {
  category: Category;
  reasons: ReasonCode[];
  explanation: string;
}

/**
 * A guess for a command the bundled data does not know (a module command, a newer server's command), from
 * what CLIENT TRACKING itself looks at: the server remembers the keys of `readonly` commands only, found
 * through their key specs (valkey src/tracking.c, trackingRememberKeys). A `nondeterministic_output` tip
 * means two identical calls may differ with no write.
 */
export function inferCategory(meta: CommandMetadata): Inference {
  const { flags, tips, keySpecs } = meta;
  const reasons: ReasonCode[] = [];
  let why: string;
  if (flags.includes('write')) {
    reasons.push('write');
    why = 'it is flagged write';
  } else if (flags.includes('pubsub')) {
    reasons.push('pubsub');
    why = 'it is flagged pubsub';
  } else if (!flags.includes('readonly')) {
    reasons.push(keySpecs.length > 0 ? 'not-readonly' : 'admin');
    why = 'it is not flagged readonly, so the server remembers none of its keys';
  } else if (keySpecs.length === 0) {
    reasons.push('no-key-args');
    why = 'it is readonly but names no key, so nothing is remembered';
  } else {
    reasons.push('tracked-keys');
    why = 'it is readonly with key specs, so the server remembers its keys';
    if (tips.includes('nondeterministic_output')) {
      reasons.push('random-output');
      why += ', but its nondeterministic_output tip says its reply may change with no write';
    }
  }
  if (flags.includes('blocking')) reasons.push('blocking');
  return { category: categoryOf(reasons), reasons, explanation: `Inferred from metadata: ${why}.` };
}
