import { extractKeys, lookup, worseCategory } from '@valkey-track/rules-data';
import type { FlowBuilder } from './flow/builder.js';
import { luaCalls, type LuaArgument } from './lua-script.js';
import { readInstances } from './client-states.js';
import { type ArgItem, isKnown, isUnknownRest } from './static-args.js';
import { isNotARead, judge, type Verdict, type VerdictContext } from './verdict.js';

const scriptRunners = new Set(['EVAL', 'EVAL_RO', 'EVALSHA', 'EVALSHA_RO']);

export const runsScript = (words: readonly ArgItem[]): boolean =>
  words[0] !== undefined && isKnown(words[0]) && scriptRunners.has(words[0].toUpperCase());

/** The source of the script an EVAL sends, or an EVALSHA names: a literal, or the text its `SCRIPT LOAD` loaded. */
function scriptText(b: FlowBuilder, words: readonly ArgItem[]): string | undefined {
  const word = words[1];
  if (word === undefined || isUnknownRest(word)) return undefined;
  const command = (words[0] as string).toUpperCase();
  if (command.startsWith('EVAL') && !command.startsWith('EVALSHA')) return isKnown(word) ? word : undefined;
  if (isKnown(word) || !word.source) return undefined;
  const texts = new Set<string>();
  for (const value of b.engine.valuesAt(b.valueOf(word.source))) {
    const described = b.describe(value);
    if (described.kind !== 'reply') continue;
    for (const instance of readInstances(b, b.reads[described.read]!)) {
      const [script, load, text] = instance.words;
      if (
        script !== undefined &&
        load !== undefined &&
        text !== undefined &&
        isKnown(script) &&
        isKnown(load) &&
        isKnown(text) &&
        script.toUpperCase() === 'SCRIPT' &&
        load.toUpperCase() === 'LOAD'
      ) {
        texts.add(text);
      }
    }
  }
  return texts.size === 1 ? [...texts][0] : undefined;
}

const unknownWord = (text: string): ArgItem => ({ unknown: true, head: '', text });

/** A script's command with the EVAL's keys and arguments in place of `KEYS[n]` and `ARGV[n]`. */
function innerWords(
  args: LuaArgument[],
  keys: ArgItem[] | undefined,
  argv: ArgItem[] | undefined,
): ArgItem[] {
  return args.map((arg): ArgItem => {
    if ('literal' in arg) return arg.literal;
    if ('keys' in arg) return keys?.[arg.keys - 1] ?? unknownWord(`KEYS[${arg.keys}]`);
    if ('argv' in arg) return argv?.[arg.argv - 1] ?? unknownWord(`ARGV[${arg.argv}]`);
    return unknownWord(arg.unknown);
  });
}

/** Whether a script command reads a key it did not declare (Redis 7.0 remembers only declared keys). */
function readsUndeclaredKey(args: LuaArgument[]): boolean {
  const marked = args.map((arg, index) =>
    'literal' in arg
      ? arg.literal
      : 'keys' in arg
        ? `\u0001KEY${index}`
        : 'argv' in arg
          ? `\u0001ARGV${index}`
          : 'x',
  );
  const name = marked[0]!;
  const entry = (marked[1] !== undefined ? lookup(`${name}|${marked[1]}`) : undefined) ?? lookup(name);
  if (!entry) return false;
  return extractKeys(marked, entry.keySpecs).some((key) => !key.startsWith('\u0001KEY'));
}

/**
 * How tracking covers a script's reply, by what the script reads (each `redis.call` judged with the
 * EVAL's keys and arguments): the worst of its reads. Undefined when the script cannot be read (a dynamic
 * source, an EVALSHA whose SCRIPT LOAD the module does not show, a command name that is not a literal).
 */
export function scriptVerdict(
  b: FlowBuilder,
  words: readonly ArgItem[],
  context: VerdictContext,
): Verdict | undefined {
  const text = scriptText(b, words);
  const calls = text === undefined ? undefined : luaCalls(text);
  if (!calls || calls.length === 0) return undefined;
  const count =
    words[2] !== undefined && isKnown(words[2]) && /^\d+$/.test(words[2]) ? Number(words[2]) : undefined;
  const rest = words.slice(3);
  const exact = !rest.some(isUnknownRest);
  const keys = count !== undefined && exact ? rest.slice(0, count) : undefined;
  const argv = count !== undefined && exact ? rest.slice(count) : undefined;
  const command = (words[0] as string).toLowerCase();
  let worst: { category: 'full' | 'partial' | 'none'; reasons: string[]; explanation: string } | undefined;
  let uncertain: string | undefined;
  for (const call of calls) {
    const inner = innerWords(call.args, keys, argv);
    let verdict = judge(inner, context);
    if (
      verdict.kind === 'certain' &&
      context.server !== 'valkey' &&
      readsUndeclaredKey(call.args) &&
      !isNotARead(verdict.reasons)
    ) {
      verdict = {
        ...verdict,
        category: 'none',
        reasons: ['script', 'undeclared-keys'],
        explanation: `\`${call.text}\` reads a key the script does not declare in KEYS; Redis 7.0 remembers only declared keys, so changes to it never invalidate the cached reply.`,
      };
    }
    const result =
      verdict.kind === 'certain'
        ? verdict
        : verdict.kind === 'uncertain' && verdict.reportable
          ? { ...verdict.reportable }
          : undefined;
    if (!result) {
      uncertain ??=
        verdict.kind === 'uncertain' ? verdict.why : 'the script runs a command the data does not know';
      continue;
    }
    if ('reasons' in result && isNotARead(result.reasons)) continue;
    if (!worst || worseCategory(worst.category, result.category) !== worst.category) {
      worst = {
        category: result.category,
        reasons: result.reasons,
        explanation: `the script's \`${call.text}\`: ${result.explanation}`,
      };
    }
  }
  if (!worst) return uncertain ? { kind: 'uncertain', why: uncertain, command } : undefined;
  if (worst.category === 'full' && uncertain) return { kind: 'uncertain', why: uncertain, command };
  return {
    kind: 'certain',
    category: worst.category,
    reasons: worst.reasons,
    explanation: worst.explanation,
    command,
  };
}
