import { basename } from 'node:path';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import type { ExportSummary, FunctionSummary } from '../analysis/imports/summary.js';
import { materialize } from '../analysis/imports/materialize.js';
import { contents } from './stores.js';

const summaryOf = (b: FlowBuilder, value: number): ExportSummary | undefined => {
  const described = b.describe(value);
  return described.kind === 'model' && described.model === 'imported'
    ? (described.data as ExportSummary)
    : undefined;
};

/** A call of a function another module exports, as its summary says: what it keeps, what client it returns. */
function callSummarized(
  b: FlowBuilder,
  site: CallSite,
  fn: FunctionSummary,
  owner: number,
  name: string,
): void {
  const engine = b.engine;
  const describedOwner = b.describe(owner);
  const origin = describedOwner.kind === 'model' ? describedOwner.site : site.node;
  const store = b.value({ kind: 'store', site: origin, library: 'imported', cache: true });
  const place = fn.keptIn
    ? `\`${fn.keptIn.place}\` of ${basename(fn.keptIn.file)} (line ${fn.keptIn.line}) by \`${name}()\``
    : `what \`${name}()\` keeps`;
  const keep = (value: number) => {
    engine.edge(value, contents(b, store), Step.Store);
    b.recordStore({ node: site.node, kind: 'content', base: b.constant(store), value, place });
  };
  for (const index of fn.returnsArguments) {
    const argument = site.args[index];
    if (argument !== undefined) engine.edge(argument, site.result, Step.Derive);
  }
  for (const index of fn.keepsArguments) {
    const argument = site.args[index];
    if (argument !== undefined) keep(argument);
  }
  for (const index of fn.keepsResultsOf) {
    const argument = site.args[index];
    if (argument === undefined) continue;
    const returned = engine.node();
    b.callCallback(site.node, argument, [], returned);
    keep(returned);
  }
  if (fn.returnsClient) {
    for (const value of materialize(
      b,
      { client: fn.returnsClient },
      `${name}()@${site.node.range[0]}`,
      site.node,
    ))
      engine.addValue(site.result, value);
  }
}

const calleeName = (site: CallSite): string => {
  const node = site.node;
  if (node.type === 'CallExpression' || node.type === 'NewExpression') {
    const callee = node.callee;
    if (callee.type === 'Identifier') return callee.name;
    if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier')
      return callee.property.name;
  }
  return 'the imported function';
};

/** Functions and classes other modules export, as their module summaries describe them. */
export const importedModel: FlowModel = {
  name: 'imported',
  callModelValue(b, site, value) {
    const summary = summaryOf(b, value);
    if (!summary) return false;
    const described = b.describe(value);
    if (described.kind === 'model' && described.type === 'class') {
      if (site.node.type === 'NewExpression') {
        b.engine.addValue(
          site.result,
          b.value({
            kind: 'model',
            model: 'imported',
            type: 'instance',
            site: site.node,
            data: { members: summary.instance },
          }),
        );
      }
      return true;
    }
    if (summary.fn) callSummarized(b, site, summary.fn, value, calleeName(site));
    return true;
  },
  callMethod(b, site, receiver, _f, name) {
    const summary = summaryOf(b, receiver);
    if (!summary) return false;
    const member = summary.members?.[name];
    if (member?.fn) callSummarized(b, site, member.fn, receiver, name);
    return true;
  },
  loadProperty(b, value, name, target, member) {
    const summary = summaryOf(b, value);
    const described = b.describe(value);
    if (!summary || described.kind !== 'model' || described.type !== 'instance') return false;
    const field = summary.members?.[name];
    if (field)
      for (const materialized of materialize(b, field, `${described.site.range[0]}.${name}`, member))
        b.engine.addValue(target, materialized);
    return true;
  },
};
