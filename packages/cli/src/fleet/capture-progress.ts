import type { NodeProgress } from './capture-node.js';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const number = (n: number) => n.toLocaleString('en-US');
const nodesText = (n: number) => `${n} ${n === 1 ? 'node' : 'nodes'}`;

export interface CaptureDisplay {
  update(progress: NodeProgress): void;
  finish(): void;
}

/**
 * Progress of a capture on several nodes, on stderr. On a terminal, one line per node (as many as fit)
 * redrawn twice a second: state, bytes, commands, time left. Elsewhere (pipes, CI logs, tests), a line when
 * every node is capturing and a line for every node that ends early or as the run ends, so logs stay short.
 */
export function captureDisplay(
  nodes: readonly string[],
  durationMs: number,
  stream: NodeJS.WriteStream = process.stderr,
  enabled = true,
): CaptureDisplay {
  const latest = new Map<string, NodeProgress>();
  const started = Date.now();
  const say = (text: string) => enabled && stream.write(`valkey-track: ${text}\n`);
  let announced = false;
  let drawnLines = 0;
  let timer: NodeJS.Timeout | undefined;

  const line = (p: NodeProgress | undefined, node: string) => {
    if (!p || p.state === 'connecting') return `  ${node}  connecting`;
    const counts = `${mb(p.bytes)}, ${number(p.commands)} commands`;
    if (p.state === 'capturing') return `  ${node}  capturing  ${counts}`;
    return `  ${node}  ${p.status}${p.error ? ` (${p.error})` : ''}  ${counts}`;
  };
  const draw = () => {
    const rows = Math.max((stream.rows ?? 24) - 2, 3);
    const shown = nodes.length > rows ? nodes.slice(0, rows - 1) : nodes;
    const left = Math.max(0, Math.ceil((durationMs - (Date.now() - started)) / 1000));
    const lines = [
      `capturing MONITOR on ${nodesText(nodes.length)}, ${left} s left (Ctrl-C stops every node and reports)`,
      ...shown.map((n) => line(latest.get(n), n)),
      ...(shown.length < nodes.length ? [`  … and ${nodes.length - shown.length} more nodes`] : []),
    ];
    const width = (stream.columns ?? 80) - 1;
    const up = drawnLines > 0 ? `\x1b[${drawnLines}A` : '';
    stream.write(`${up}${lines.map((l) => `\r${l.slice(0, width)}\x1b[K`).join('\n')}\n`);
    drawnLines = lines.length;
  };
  if (enabled && stream.isTTY) timer = setInterval(draw, 500);

  return {
    update(progress) {
      const before = latest.get(progress.node);
      latest.set(progress.node, progress);
      if (!enabled || stream.isTTY) return;
      if (!announced && nodes.every((n) => (latest.get(n)?.state ?? 'connecting') !== 'connecting')) {
        announced = true;
        say(`capturing MONITOR on ${nodesText(nodes.length)} for ${durationMs / 1000}s: ${nodes.join(', ')}`);
      }
      if (progress.state === 'done' && before?.state !== 'done' && progress.status !== 'complete') {
        say(`${progress.node}: ${progress.status}${progress.error ? ` (${progress.error})` : ''}`);
      }
    },
    finish() {
      clearInterval(timer);
      if (!enabled) return;
      if (stream.isTTY) {
        draw();
        return;
      }
      const done = nodes.map((n) => latest.get(n)).filter((p) => p !== undefined);
      const commands = done.reduce((sum, p) => sum + p.commands, 0);
      const captured = done.filter((p) => p.status !== 'refused' && p.status !== 'unreachable').length;
      say(`captured ${number(commands)} commands on ${captured} of ${nodesText(nodes.length)}`);
    },
  };
}
