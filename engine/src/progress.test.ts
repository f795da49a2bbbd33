import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_MS, progress } from './progress';

/** A log, not a terminal: what was written, line by line. */
function log() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text.trimEnd()) } as unknown as NodeJS.WriteStream;
  return { lines, stream };
}

describe('progress off a terminal', () => {
  afterEach(() => vi.useRealTimers());

  it('writes a line at each tenth of the way, with the share done, then the summary', () => {
    const { lines, stream } = log();
    const p = progress('run', 200, stream);
    for (let done = 1; done <= 200; done++) p.update(done);
    p.finish('run: 200 decided');
    expect(lines).toHaveLength(12); // 0% to 100%, and the summary
    expect(lines[0]).toMatch(/^run: 1\/200 \(0%\) /);
    expect(lines[1]).toMatch(/^run: 20\/200 \(10%\) /);
    expect(lines.at(-1)).toBe('run: 200 decided');
  });

  it('says the exact share, not the tenth below it', () => {
    const { lines, stream } = log();
    progress('training', 4, stream).update(1, 'risk fitted');
    expect(lines[0]).toMatch(/^training: 1\/4 \(25%\) [\d.]+\/s risk fitted$/);
  });

  it('writes the latest note every so often while a long step moves no tenth', () => {
    vi.useFakeTimers();
    const { lines, stream } = log();
    const p = progress('training', 6, stream);
    p.update(0, 'network 1 epoch 1');
    p.update(0, 'network 1 epoch 2');
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    p.update(0, 'network 1 epoch 40');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/network 1 epoch 40$/);
  });
});
