/**
 * Progress of long work (runs, imports, training): a bar on a terminal (cli-progress), plain lines
 * otherwise (a log, CI), then a summary line.
 */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  /** `done` of the total, and what is worth saying next to it. */
  update(done: number, note?: string): void;
  /** Ends the bar and prints the summary. */
  finish(summary: string): void;
}

/** Off a terminal, the longest a step goes without a line. */
export const HEARTBEAT_MS = 10_000;

export function progress(what: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  // Slow work (networks trained) shows a decimal; fast work (decisions) whole numbers.
  const rate = (done: number) => {
    const perSecond = done / Math.max(0.001, (Date.now() - started) / 1000);
    return perSecond < 10 ? perSecond.toFixed(1) : String(Math.round(perSecond));
  };
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: `${what} [{bar}] {percentage}% {value}/{total} {rate}/s {note}`, stream, hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(total, 0, { rate: 0, note: '' });
    return {
      update: (done, note = '') => bar.update(done, { rate: rate(done), note }),
      finish: (summary) => {
        bar.stop();
        stream.write(`${summary}\n`);
      },
    };
  }
  let reported = -1;
  let lastLine = 0;
  return {
    update(done, note = '') {
      // A line at every tenth of the way, so a log shows steady progress without flooding, and one
      // every HEARTBEAT_MS while a long step (a network's epochs) moves no tenth.
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      const now = Date.now();
      if (tenth === reported && now - lastLine < HEARTBEAT_MS) return;
      reported = tenth;
      lastLine = now;
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      stream.write(`${what}: ${done}/${total} (${percent}%) ${rate(done)}/s ${note}`.trimEnd() + '\n');
    },
    finish: (summary) => stream.write(`${summary}\n`),
  };
}
