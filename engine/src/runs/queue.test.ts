import { describe, expect, it, vi } from 'vitest';
import { log } from '../log';
import { InProcessQueue } from './queue';

/** A chunk's work that finishes when the test says so. */
function controlledWork() {
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  let inHand = 0;
  let most = 0;
  const work = (_runId: string, chunk: number) =>
    new Promise<void>((resolve) => {
      started.push(chunk);
      most = Math.max(most, ++inHand);
      finish.set(chunk, () => {
        inHand--;
        resolve();
      });
    });
  return { work, started, finish, most: () => most };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the in-process run queue', () => {
  it('by default holds one chunk at a time', async () => {
    const queue = new InProcessQueue();
    const w = controlledWork();
    await queue.start(w.work);
    await queue.enqueue('run', [0, 1, 2]);
    for (const chunk of [0, 1, 2]) {
      await tick();
      expect(w.started).toEqual([0, 1, 2].slice(0, chunk + 1));
      w.finish.get(chunk)!();
    }
    await queue.idle();
    expect(w.most()).toBe(1);
  });

  it('holds as many chunks at once as asked and takes the next as one finishes, in order', async () => {
    const queue = new InProcessQueue(2);
    const w = controlledWork();
    await queue.start(w.work);
    await queue.enqueue('run', [0, 1, 2, 3, 4]);
    await tick();
    expect(w.started).toEqual([0, 1]);

    w.finish.get(1)!();
    await tick();
    expect(w.started).toEqual([0, 1, 2]);
    for (const chunk of [0, 2, 3, 4]) {
      await tick();
      w.finish.get(chunk)!();
    }
    await queue.idle();
    expect(w.started).toEqual([0, 1, 2, 3, 4]);
    expect(w.most()).toBe(2);
  });

  it('goes on after a chunk that fails, and says which failed', async () => {
    const logged = vi.spyOn(log, 'error').mockImplementation(() => {});
    const queue = new InProcessQueue(2);
    const done: number[] = [];
    await queue.start(async (_run, chunk) => {
      if (chunk === 1) throw new Error('broken');
      done.push(chunk);
    });
    await queue.enqueue('run', [0, 1, 2, 3]);
    await queue.idle();
    expect(done.sort()).toEqual([0, 2, 3]);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ runId: 'run', chunk: 1 }), 'a chunk of a run failed');
    logged.mockRestore();
  });

  it('on stop, finishes the chunks in hand and keeps the others for the next start', async () => {
    const queue = new InProcessQueue(2);
    const w = controlledWork();
    await queue.start(w.work);
    await queue.enqueue('run', [0, 1, 2, 3]);
    await tick();
    const stopped = queue.stop();
    w.finish.get(0)!();
    w.finish.get(1)!();
    await stopped;
    expect(w.started).toEqual([0, 1]);

    const again = controlledWork();
    await queue.start(again.work);
    await tick();
    expect(again.started).toEqual([2, 3]);
    again.finish.get(2)!();
    again.finish.get(3)!();
    await queue.idle();
  });
});
