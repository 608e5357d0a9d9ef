/**
 * Reads the commands a Lua script sends: every `redis.call(...)`, `redis.pcall(...)`, `server.call(...)` and
 * `server.pcall(...)` (https://valkey.io/topics/eval-intro/) with its arguments as the script writes them:
 * string literals, `KEYS[n]`, `ARGV[n]`, or anything else (unknown). A call whose command name is not a
 * literal makes the whole script unreadable.
 */
export type LuaArgument = { literal: string } | { keys: number } | { argv: number } | { unknown: string };

export interface LuaCall {
  args: LuaArgument[];
  text: string;
}

/** Removes comments (`-- ...` and `--[[ ... ]]`), keeping strings intact. */
function stripComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"' || c === "'") {
      const end = closingQuote(source, i);
      out += source.slice(i, end + 1);
      i = end + 1;
    } else if (source.startsWith('[[', i) || /^\[=+\[/.test(source.slice(i, i + 10))) {
      const level = /^\[(=*)\[/.exec(source.slice(i))![1]!;
      const close = source.indexOf(`]${level}]`, i);
      const end = close === -1 ? source.length : close + level.length + 2;
      out += source.slice(i, end);
      i = end;
    } else if (source.startsWith('--', i)) {
      const block = /^--\[(=*)\[/.exec(source.slice(i));
      if (block) {
        const close = source.indexOf(`]${block[1]}]`, i);
        i = close === -1 ? source.length : close + block[1]!.length + 2;
      } else {
        const newline = source.indexOf('\n', i);
        i = newline === -1 ? source.length : newline;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function closingQuote(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return source.length - 1;
}

/** The text between the parentheses that open at `open`, and where they close. */
function parenthesized(source: string, open: number): { inner: string; end: number } | undefined {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (c === '"' || c === "'") i = closingQuote(source, i);
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return { inner: source.slice(open + 1, i), end: i };
    }
  }
  return undefined;
}

function splitArguments(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === '"' || c === "'") i = closingQuote(inner, i);
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function argument(text: string): LuaArgument {
  const literal = /^(['"])((?:\\.|(?!\1).)*)\1$/s.exec(text);
  if (literal) return { literal: literal[2]!.replace(/\\(.)/g, '$1') };
  const keys = /^KEYS\s*\[\s*(\d+)\s*\]$/.exec(text);
  if (keys) return { keys: Number(keys[1]) };
  const argv = /^ARGV\s*\[\s*(\d+)\s*\]$/.exec(text);
  if (argv) return { argv: Number(argv[1]) };
  if (/^-?\d+(\.\d+)?$/.test(text)) return { literal: text };
  return { unknown: text };
}

/** The commands a script sends, in order; undefined when a command name is not a literal (unreadable). */
export function luaCalls(source: string): LuaCall[] | undefined {
  const code = stripComments(source);
  const calls: LuaCall[] = [];
  const pattern = /\b(?:redis|server)\s*\.\s*p?call\s*\(/g;
  for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
    const open = match.index + match[0].length - 1;
    const group = parenthesized(code, open);
    if (!group) return undefined;
    const args = splitArguments(group.inner).map(argument);
    if (args.length === 0 || !('literal' in args[0]!)) return undefined;
    calls.push({ args, text: `${match[0]}${group.inner})` });
  }
  return calls;
}
