import { metadataRuleRefusal } from '../client-libraries/metadata-rule.js';
import type { CapturedCommand, CommandVerdict, ServerView } from './types.js';

/** What the metadata leaves out, for each reason a reply is only partly covered, and what would say it. */
const gapsByReason: Record<string, { missing: string; fix: string }> = {
  'time-dependent': {
    missing: 'its reply changes as time passes, with no write, yet it has no `nondeterministic_output` tip',
    fix: 'add the `nondeterministic_output` tip',
  },
  'random-output': {
    missing: 'its reply is random, yet it has no `nondeterministic_output` tip',
    fix: 'add the `nondeterministic_output` tip',
  },
  'server-state': {
    missing:
      'its reply reports internal state (memory, encoding, counters) that changes with no write to the key',
    fix: 'add the `nondeterministic_output` tip (or `dont_cache`)',
  },
  cursor: {
    missing: 'its reply is one page of a cursor that rehashing changes with no write',
    fix: 'add the `nondeterministic_output` tip',
  },
  'undeclared-keys': {
    missing: 'it reads keys its key specs do not name, which tracking never remembers',
    fix: 'add `dont_cache`, or a tracking category that says partial (valkey-io/valkey#2894)',
  },
  'changed-silently': {
    missing: 'writes change its reply without sending an invalidation for the key',
    fix: 'invalidate the key on those writes, or add `dont_cache`',
  },
  script: {
    missing:
      'it runs a script, whose reply the key specs cannot describe, yet it has no `script_runner` flag',
    fix: 'add the `script_runner` flag (Redis 8.10, redis/redis#15337)',
  },
};

/** A command the metadata rule caches although CLIENT TRACKING does not fully cover it. */
export interface MetadataGap {
  command: string;
  metadata: CapturedCommand;
  verdict: CommandVerdict;
  /** The argument form the gap is in, when the plain form is covered (`BY/GET`). */
  form?: string;
  reasons: string[];
  missing: string[];
  fixes: string[];
}

/** A read CLIENT TRACKING covers fully that the rule nevertheless refuses, and why. */
export interface RuleMiss {
  command: string;
  refusal: string;
}

/** A command flagged readonly whose key specs say it writes (`RW`, `OW`, `RM`, `INSERT`, `DELETE`, `UPDATE`). */
export interface WritingReadonly {
  command: string;
  keySpecFlags: string[][];
}

export interface ServerMetadataGaps {
  label: string;
  gaps: MetadataGap[];
  misses: RuleMiss[];
  writingReadonly: WritingReadonly[];
}

const writingKeySpecFlags = new Set(['RW', 'OW', 'RM', 'INSERT', 'DELETE', 'UPDATE']);

function gapOf(command: string, metadata: CapturedCommand, verdict: CommandVerdict): MetadataGap | undefined {
  if (verdict.worst !== 'partial' && verdict.worst !== 'none') return undefined;
  const plainGap = verdict.category !== 'full';
  const forms = plainGap ? [] : verdict.conditions.filter((c) => c.category !== 'full');
  const reasons = plainGap ? verdict.reasons : forms.flatMap((c) => c.reasons);
  const explained = [...new Set(reasons)].filter((r) => gapsByReason[r]);
  // A live server's own declaration (a tracking category, a dont_cache tip) comes with no reason codes.
  const declared = explained.length === 0 && verdict.source !== 'bundled';
  if (declared) {
    return {
      command,
      metadata,
      verdict,
      reasons: [],
      missing: [
        `the server declares it ${verdict.worst} (${verdict.evidence.join(', ')}), but its flags and tips pass the rule`,
      ],
      fixes: [
        'add `dont_cache` (or `nondeterministic_output`) to match the declaration, or have clients read it',
      ],
    };
  }
  return {
    command,
    metadata,
    verdict,
    ...(forms.length > 0 ? { form: forms.map((c) => c.label).join(', ') } : {}),
    reasons: [...new Set(reasons)].filter((r) => r !== 'tracked-keys'),
    missing: explained.map((r) => gapsByReason[r]!.missing),
    fixes: [...new Set(explained.map((r) => gapsByReason[r]!.fix))],
  };
}

/**
 * Where one server's own metadata misleads a cache that decides by the cross-client rule: commands the rule
 * caches that tracking does not fully cover (with what the metadata leaves out), fully covered reads it refuses,
 * and readonly commands whose key specs say they write. Fit to paste into an upstream issue.
 */
export function metadataGaps(view: ServerView): ServerMetadataGaps {
  const gaps: MetadataGap[] = [];
  const misses: RuleMiss[] = [];
  const writingReadonly: WritingReadonly[] = [];
  for (const command of Object.keys(view.commands).sort()) {
    const metadata = view.commands[command]!;
    const refusal = metadataRuleRefusal({ ...metadata, keyed: metadata.keySpecFlags.length > 0 });
    const verdict = view.verdict(command, 'default');
    if (!refusal) {
      const gap = gapOf(command, metadata, verdict);
      if (gap) gaps.push(gap);
    } else if (verdict.worst === 'full' && metadata.flags.includes('readonly')) {
      misses.push({ command, refusal });
    }
    if (
      metadata.flags.includes('readonly') &&
      metadata.keySpecFlags.some((flags) => flags.some((f) => writingKeySpecFlags.has(f)))
    ) {
      writingReadonly.push({ command, keySpecFlags: metadata.keySpecFlags });
    }
  }
  return { label: view.label, gaps, misses, writingReadonly };
}
