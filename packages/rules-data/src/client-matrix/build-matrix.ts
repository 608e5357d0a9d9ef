import { metadataRuleRefusal } from '../client-libraries/metadata-rule.js';
import type { ClientLibraryModel } from '../client-libraries/types.js';
import { compareVersions } from './compare-versions.js';
import { worseVerdict } from './bundled-verdict.js';
import type {
  CapturedCommand,
  ClientMatrix,
  LibraryMatrix,
  MatrixCell,
  MatrixRow,
  ServerSupport,
  ServerView,
} from './types.js';

/** How far from covered: none first, then unknown, partial, full, and commands no server has last. */
const rowRank: Record<MatrixRow['worst'], number> = { none: 0, unknown: 1, partial: 2, full: 3, absent: 4 };

const ruleInput = (meta: CapturedCommand) => ({ ...meta, keyed: meta.keySpecFlags.length > 0 });

/** Why a library's rule on the server's own metadata does not cache a command there, or undefined if it does. */
function serverRuleRefusal(
  model: ClientLibraryModel,
  command: string,
  meta: CapturedCommand,
): string | undefined {
  const override = model.rule?.overrides[command];
  if (override !== undefined) return override ? undefined : `${model.library} overrides it to not cacheable`;
  return metadataRuleRefusal(ruleInput(meta));
}

const rulesOnServer = (model: ClientLibraryModel) => model.rule?.table === 'server';

/** Whether the library's cache starts at all on the server (Jedis and redis-py accept only Redis ≥ 7.4). */
export function supportOn(
  model: ClientLibraryModel,
  view: Pick<ServerView, 'server' | 'version'>,
): ServerSupport {
  const requires = model.requires;
  if (!requires) return { starts: true };
  const accepted = requires.accepts.some(
    (a) => a.server === view.server && compareVersions(view.version, a.minVersion) >= 0,
  );
  if (accepted) return { starts: true };
  const wanted = requires.accepts.map((a) => `${a.server} ≥ ${a.minVersion}`).join(' or ');
  return { starts: false, why: `needs ${wanted}: ${requires.otherwise}` };
}

function cellOf(model: ClientLibraryModel, command: string, view: ServerView): MatrixCell {
  const meta = view.commands[command];
  if (!meta) return { state: 'absent' };
  if (rulesOnServer(model)) {
    const why = serverRuleRefusal(model, command, meta);
    if (why) return { state: 'not-cached', why };
  }
  return { state: 'cached', verdict: view.verdict(command, model.tracking.mode) };
}

/** The commands a library caches on any of the servers. */
function commandsOf(model: ClientLibraryModel, views: readonly ServerView[]): string[] {
  if (model.cached) return [...model.cached];
  const names = new Set<string>();
  for (const view of views) {
    for (const [name, meta] of Object.entries(view.commands)) {
      if (!serverRuleRefusal(model, name, meta)) names.add(name);
    }
  }
  return [...names];
}

export function libraryMatrix(model: ClientLibraryModel, views: readonly ServerView[]): LibraryMatrix {
  const rows: MatrixRow[] = commandsOf(model, views).map((command) => {
    const cells: Record<string, MatrixCell> = {};
    let worst: MatrixRow['worst'] = 'absent';
    for (const view of views) {
      const cell = cellOf(model, command, view);
      cells[view.label] = cell;
      if (cell.state === 'cached') {
        worst = worst === 'absent' ? cell.verdict.worst : worseVerdict(worst, cell.verdict.worst);
      }
    }
    return { command, cells, worst };
  });
  rows.sort((a, b) => rowRank[a.worst] - rowRank[b.worst] || a.command.localeCompare(b.command));
  return {
    model,
    rows,
    support: Object.fromEntries(views.map((v) => [v.label, supportOn(model, v)])),
  };
}

/**
 * For every library model and every server: the commands its cache keeps and how CLIENT TRACKING covers each,
 * the partial and none ones first.
 */
export function buildClientMatrix(
  models: readonly ClientLibraryModel[],
  views: readonly ServerView[],
): ClientMatrix {
  return {
    servers: views.map(({ label, server, version }) => ({ label, server, version })),
    libraries: models.map((model) => libraryMatrix(model, views)),
  };
}
