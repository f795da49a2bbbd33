/**
 * The daily run: started once a day from the scheduled time, with the policy the setting names,
 * whichever process checks first; the setting refuses a policy that does not exist.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../app';
import { seedSamplePolicy } from '../seed';
import { listRuns } from '../store';
import { describeEachStore } from '../store/testing';
import { InProcessQueue } from './queue';
import { startScheduledRun } from './schedule';
import { expectClientError, get, put } from '../../test-support/api';

describeEachStore('the daily run', (store) => {
  let engine: Engine;
  const queue = new InProcessQueue();

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue });
  });
  afterAll(() => engine.close());

  it('refuses a schedule naming a policy that does not exist, and keeps the one it had', async () => {
    expectClientError(
      await put(engine.app, '/v1/settings/run-schedule', { enabled: true, at: '06:00', policyId: 'nope' }),
      404,
      'policy_not_found',
    );
    expect((await get(engine.app, '/v1/settings/run-schedule')).body).toEqual({
      enabled: false,
      at: '06:00',
      policyId: null,
    });
  });

  it('starts the day\u2019s run once, from its time on, and not while disabled', async () => {
    const schedule = { enabled: true, at: '06:00', policyId: 'standard-b2b' };
    expect((await put(engine.app, '/v1/settings/run-schedule', schedule)).status).toBe(200);
    expect(await startScheduledRun(store.db, engine.runs, new Date('2026-04-01T05:59:00Z'))).toBeUndefined();
    const started = await startScheduledRun(store.db, engine.runs, new Date('2026-04-01T06:00:00Z'));
    expect(started).toMatchObject({ asOf: '2026-04-01', policyId: 'standard-b2b', trigger: 'schedule' });
    expect(await startScheduledRun(store.db, engine.runs, new Date('2026-04-01T09:00:00Z'))).toBeUndefined();
    await put(engine.app, '/v1/settings/run-schedule', { ...schedule, enabled: false });
    expect(await startScheduledRun(store.db, engine.runs, new Date('2026-04-02T09:00:00Z'))).toBeUndefined();
    await queue.idle();
    const runs = await listRuns(store.db, 10);
    expect(runs.filter((r) => r.trigger === 'schedule').map((r) => r.asOf)).toEqual(['2026-04-01']);
  });
});
