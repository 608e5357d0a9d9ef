import type { CommandMetadata } from '../metadata/types.js';
import type { ReasonCode } from '../reason-codes.js';
import type { CuratedEntry } from '../curated/curated-types.js';

export interface Classification {
  reasons: ReasonCode[];
  explanation: string;
}

/**
 * Classifies a command no curated entry covers, from its metadata alone. Anything that reads keys must be
 * curated: this throws for it, so a new server's read commands can never slip into the data unjudged.
 */
export function classifyFromMetadata(meta: CommandMetadata): Classification {
  const { flags, aclCategories: acl, name } = meta;
  if (flags.includes('readonly')) {
    throw new Error(
      `unclassified readonly command "${name}": add it to packages/rules-data/src/curated/reads.ts with its reasons`,
    );
  }
  if (flags.includes('write')) {
    const reasons: ReasonCode[] = ['write'];
    if (flags.includes('blocking') || acl.includes('blocking')) reasons.push('blocking');
    return { reasons, explanation: 'A write: its reply reports the change, it is not a read to cache.' };
  }
  if (flags.includes('pubsub') || acl.includes('pubsub')) {
    return {
      reasons: ['pubsub'],
      explanation: 'Pub/Sub delivers messages, not keyspace data; there is nothing to cache.',
    };
  }
  if (name === 'watch' || name === 'unwatch' || acl.includes('transaction')) {
    return { reasons: ['admin'], explanation: 'Transaction control, not a read of data.' };
  }
  if (meta.keySpecs.length > 0) {
    throw new Error(
      `unclassified command "${name}" takes keys but is neither readonly nor a write: curate it in packages/rules-data/src/curated/reads.ts`,
    );
  }
  return {
    reasons: ['admin'],
    explanation:
      'Server, connection or cluster control; its reply is not keyspace data that invalidations follow.',
  };
}

export function classify(meta: CommandMetadata, curated: CuratedEntry | undefined): Classification {
  if (curated) return { reasons: [...curated.reasons], explanation: curated.explanation };
  return classifyFromMetadata(meta);
}
