import { categoryOf, type Category, type CommandMetadata, type ReasonCode } from '@valkey-track/rules-data';

export interface Inference {
  /** Never `full`: metadata can say a command is not covered, but not that it is. */
  category: Category | 'unknown';
  reasons: ReasonCode[];
  explanation: string;
}

/**
 * A verdict for a command the bundled data does not know (a module command, a newer server's command), from
 * what CLIENT TRACKING itself looks at: the server remembers the keys of `readonly` commands only, found
 * through their key specs (valkey src/tracking.c, trackingRememberKeys). Metadata can prove a read is not
 * covered (not readonly, no key, a `nondeterministic_output` tip), but never that it is: Valkey 9.1.2's HTTL
 * and Redis 8.0's VRANDMEMBER carry no tip although their replies change with no write. So a readonly read
 * with keys and no tip is `unknown` until measured (`valkey-track verify`).
 */
export function inferCategory(meta: CommandMetadata): Inference {
  const { flags, tips, keySpecs } = meta;
  const reasons: ReasonCode[] = [];
  let why: string;
  const keys = keySpecs.filter((spec) => !spec.flags.includes('NOT_KEY'));
  if (flags.includes('write')) {
    reasons.push('write');
    why = 'it is flagged write';
  } else if (flags.includes('pubsub')) {
    reasons.push('pubsub');
    why = 'it is flagged pubsub';
  } else if (!flags.includes('readonly')) {
    reasons.push(keys.length > 0 ? 'not-readonly' : 'admin');
    why = 'it is not flagged readonly, so the server remembers none of its keys';
  } else if (keys.length === 0) {
    reasons.push('no-key-args');
    why = 'it is readonly but names no key, so nothing is remembered';
  } else if (tips.includes('nondeterministic_output')) {
    reasons.push('tracked-keys', 'random-output');
    why =
      'it is readonly with key specs, so the server remembers its keys, but its nondeterministic_output tip says its reply may change with no write';
  } else {
    if (flags.includes('blocking')) reasons.push('blocking');
    return {
      category: reasons.length > 0 ? categoryOf(reasons) : 'unknown',
      reasons,
      explanation:
        reasons.length > 0
          ? 'Inferred from metadata: it may block, so it is not a cacheable read.'
          : 'Inferred from metadata: it is readonly with key specs, so the server remembers its keys, but nothing in its metadata says whether its reply changes with no write (a time, a random pick): unknown until measured with `valkey-track verify`.',
    };
  }
  if (flags.includes('blocking')) reasons.push('blocking');
  return { category: categoryOf(reasons), reasons, explanation: `Inferred from metadata: ${why}.` };
}
