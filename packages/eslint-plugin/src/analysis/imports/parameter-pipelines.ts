import type { FlowBuilder } from '../flow/builder.js';
import type { CallSite } from '../flow/engine.js';
import { tagOfFact } from '../flow/facts.js';
import { newPipeline, type PipelineLibrary, queuedMethod } from '../../models/pipelines.js';
import { parameterOrigin } from './parameter-reads.js';

/**
 * A pipeline of a client the caller passes: `pipeline()` is ioredis's (`[[error, reply], ...]`); a `multi()` may
 * be ioredis's or node-redis's (`[reply, ...]`), and the function does not say which: its replies take both places.
 */
const pipelines: PipelineLibrary = {
  isExec: (name) => name === 'exec',
  callbacks: true,
  pairs: true,
  onParameter: true,
};
const multis: PipelineLibrary = {
  isExec: (name) => name === 'exec' || name === 'execAsPipeline',
  callbacks: true,
  pairs: 'both',
  onParameter: true,
};

/**
 * `const pipe = redis.pipeline(); ids.forEach((id) => pipe.pttl(...)); await pipe.exec()` on a client the caller
 * passes: each queued command is a read on that client, its reply at its place in what `exec()` resolves to.
 * True when the call made or used such a pipeline.
 */
export function parameterPipelineCall(
  b: FlowBuilder,
  site: CallSite,
  receiver: number,
  fact: number,
  name: string,
): boolean {
  const tag = tagOfFact(fact);
  if ((name === 'pipeline' || name === 'multi') && parameterOrigin(b, receiver)) {
    newPipeline(b, site, receiver, name === 'multi', tag);
    return true;
  }
  const described = b.describe(receiver);
  if (
    described.kind !== 'pipeline' ||
    described.client === undefined ||
    !parameterOrigin(b, described.client)
  )
    return false;
  return queuedMethod(b, site, receiver, tag, name, described.transaction ? multis : pipelines);
}
