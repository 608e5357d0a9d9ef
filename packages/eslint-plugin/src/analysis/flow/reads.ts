import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from '../ast.js';
import { enclosingFunction } from '../ast.js';
import type { FlowBuilder } from './builder.js';
import type { CallSite } from './engine.js';
import { fact } from './facts.js';
import type { Directive } from '../caching-directive.js';
import type { ArgItem } from '../static-args.js';

/** Where a read's words come from; turned into words by `read-words.ts` once the analysis is done. */
export type ReadShape =
  /** `client.hgetall(key)`, `client.object('IDLETIME', key)`: the method names the command. */
  | { style: 'method'; method: string; args: readonly TSESTree.Node[] }
  /** `call('GET', key)`, `sendCommand(['GET', key])`, `customCommand([...])`: the arguments are the command. */
  | { style: 'raw'; method: string; args: readonly TSESTree.Node[]; spread: boolean }
  /** An ioredis `Command` object: its name and argument list. */
  | { style: 'command-object'; method: string; name: TSESTree.Node; args: TSESTree.Node | undefined }
  /** A command defined by `defineCommand(name, { lua, numberOfKeys })`: EVAL of that script. */
  | {
      style: 'script-method';
      method: string;
      /** Words when another module defines the script (an imported client's `scripts`). */
      lua: TSESTree.Node | readonly string[];
      numberOfKeys: TSESTree.Node | readonly string[] | undefined;
      args: readonly TSESTree.Node[];
    }
  /**
   * valkey-glide `invokeScript(new Script(lua), { keys, args })`: EVALSHA of that script; `lua` is the script's
   * words when another module makes it.
   */
  | {
      style: 'script-object';
      method: string;
      lua: TSESTree.Node | readonly string[];
      options: TSESTree.Node | undefined;
    }
  /**
   * A command another module's function sends on a client the caller passes (`listUsers(deps)` whose
   * `deps.valkey.scan(...)` reply it returns): its words as that module shows them, with the caller's
   * arguments for the function's parameters; `sent` is how the function sends it (for library caches).
   */
  | {
      style: 'imported';
      method: string;
      sent: 'method' | 'raw' | 'command-object' | 'script-method' | 'script-object';
      words: readonly ArgItem[][];
      /** The function called here, and the command and where it is sent, for messages. */
      helper: string;
      command: string;
      file: string;
      line: number;
      /** `CLIENT CACHING yes|no` the function itself sends right before the command (OPTIN/OPTOUT). */
      caching?: { YES: Directive; NO: Directive };
      /** The function queues it in a pipeline or MULTI: no client library's cache keeps its reply. */
      queued?: true;
    }
  /** Not a command: what a function's parameter (or what calling it) holds, followed to learn what the function keeps. */
  | { style: 'marker'; method: ''; fn: FunctionNode; index: number; result: boolean };

/** One command invocation on one client: the source of a reply. */
export interface Read {
  id: number;
  site: CallSite;
  /** The node a finding about this read goes on. */
  report: TSESTree.Node;
  client: number;
  shape: ReadShape;
  label: number;
  /** The pipeline or MULTI it is queued on. */
  pipeline?: number;
  /** The function the read is written in (for `CLIENT CACHING yes` before it, and wrappers). */
  enclosing: FunctionNode | undefined;
  /**
   * Sent on a parameter of an exported function, in its module summary: a read only where a caller passes a
   * client, so it does not make its function's class a service that talks to the server.
   */
  onParameter?: boolean;
}

const readsBySite = new WeakMap<FlowBuilder, Map<string, Read>>();

/**
 * Records the read `site` makes on `client` and puts its reply into `into` (the call's result unless said),
 * tagged like the client fact it was made from: a reply made on a client that came in through a call site
 * goes back only to that call site.
 */
export function createRead(
  b: FlowBuilder,
  site: CallSite,
  client: number,
  clientTag: number,
  shape: ReadShape,
  options: {
    report?: TSESTree.Node;
    into?: number;
    pipeline?: number;
    key?: string;
    onParameter?: boolean;
  } = {},
): Read {
  let bySite = readsBySite.get(b);
  if (!bySite) {
    bySite = new Map();
    readsBySite.set(b, bySite);
  }
  const report = options.report ?? site.node;
  // `key`: one call that stands for several reads (an imported function sending two commands).
  const key = `${site.id}:${client}:${report.range[0]}${options.key ?? ''}`;
  let read = bySite.get(key);
  if (!read) {
    const id = b.reads.length;
    read = {
      id,
      site,
      report,
      client,
      shape,
      label: b.value({ kind: 'reply', read: id }),
      ...(options.pipeline !== undefined ? { pipeline: options.pipeline } : {}),
      enclosing: enclosingFunction(site.node),
      ...(options.onParameter ? { onParameter: true } : {}),
    };
    b.reads.push(read);
    bySite.set(key, read);
  }
  b.engine.add(options.into ?? site.result, fact(read.label, clientTag));
  return read;
}
