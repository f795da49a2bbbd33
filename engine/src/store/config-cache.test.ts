import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { ConfigCache } from './config-cache';
import { getSetting, setSetting } from './settings';
import { describeEachStore } from './testing';

/** Polls until `read` gives `expected`, up to 1 s; returns how long it took. */
async function within1s(read: () => Promise<unknown>, expected: unknown): Promise<number> {
  const start = performance.now();
  for (;;) {
    if ((await read()) === expected) return performance.now() - start;
    if (performance.now() - start > 1000) throw new Error(`still not ${JSON.stringify(expected)} after 1 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describeEachStore('config cache', (store) => {
  it('reads the store every time until it listens, then once until a change, by this process or by hand', async () => {
    const cache = new ConfigCache();
    let loads = 0;
    const read = () => cache.read('probe', () => ((loads += 1), getSetting(store.db, 'probe')));
    await setSetting(store.db, 'probe', 'one');

    await read();
    await read();
    expect(loads).toBe(2);

    await cache.follow(store.database);
    try {
      expect(await read()).toBe('one');
      expect(await read()).toBe('one');
      expect(loads).toBe(3);

      // Written through the store: forgotten at once.
      await setSetting(store.db, 'probe', 'two');
      expect(await read()).toBe('two');

      // Written by hand, as another process would: forgotten when the notice arrives.
      await store.db.execute(sql`update settings set value = '"three"'::jsonb where key = 'probe'`);
      await within1s(read, 'three');
      // The notices of both writes have come back by now; after one more read it holds the value again.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await read();
      const loadsNow = loads;
      expect(await read()).toBe('three');
      expect(loads).toBe(loadsNow);
    } finally {
      await cache.stop();
    }

    // Stopped: it reads the store again.
    await read();
    await read();
    expect(loads).toBeGreaterThanOrEqual(5);
  });
});
