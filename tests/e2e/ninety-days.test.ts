/**
 * Ninety days of collections on a synthetic world of 2,400 invoices: each day the customers' payments,
 * disputes and promises reach the ledger, a run decides what is due, and the outbox delivers the
 * actions to a real webhook receiver on loopback that checks every signature and deduplicates by
 * delivery id; the customers react to the contacts they get. Time is simulated: the dispatcher
 * looks for due deliveries every hour of each day. One morning the receiver answers 500 for an hour.
 */
import { TZDate } from '@date-fns/tz';
import { createEngine, type Engine } from '@dunwell/engine/app';
import { seedSamplePolicy } from '@dunwell/engine/seed';
import { describeEachStore, queryRows } from '@dunwell/engine/store/testing';
import { World } from '../../engine/src/ledger/world';
import { DEFAULT_CONTACT_RULES, notBusinessDay } from '../../engine/src/decide/contact-rules';
import { InProcessQueue } from '../../engine/src/runs/queue';
import { get, post, type App } from '@dunwell/engine/test-support/api';
import { startReceiver, type Receiver } from '../../engine/test-support/receiver';
import { addDays, dayNumber } from '@dunwell/engine/features';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';

const START = '2026-03-02';
const DAYS = 90;
const OUTAGE_DAY = 22; // a Tuesday
const CONTACTS = new Set(['email', 'sms', 'call', 'letter']);

describeEachStore('ninety days of runs, contacts and payments', (store) => {
  let engine: Engine;
  let app: App;
  let receiver: Receiver;
  const queue = new InProcessQueue();
  const world = new World({ invoices: 2400, seed: 17, start: START, futureDays: DAYS });
  const accounts = new Map(world.accounts.map((a) => [a.id, a]));
  /** Every delivery the receiver accepted, with the simulated moment it arrived. */
  const arrived: Array<{ at: Date; deliveryId: string; data: Record<string, string | number> }> = [];
  const runs: Array<{ date: string; outcomes: Record<string, number>; errors: number }> = [];
  let failedDuringOutage = 0;

  /** Posts records to the ledger in batches of at most 10,000. */
  async function write(kind: string, records: unknown[]) {
    for (let i = 0; i < records.length; i += 10_000) {
      const reply = await post(app, `/v1/ledger/${kind}`, { [kind]: records.slice(i, i + 10_000) });
      expect(reply.status, reply.text).toBe(200);
    }
  }

  /** Delivers what is due at a simulated moment; the receiver stamps what it accepts with that moment. */
  async function dispatchAt(at: Date) {
    receiver.now = () => at;
    const before = receiver.accepted.length;
    const report = await engine.dispatcher.dispatchDue(at);
    for (const received of receiver.accepted.slice(before)) {
      arrived.push({ at, deliveryId: received.deliveryId, data: received.payload.data });
      const { invoiceId, type } = received.payload.data;
      world.contact(invoiceId, type, at.toISOString().slice(0, 10));
    }
    return report;
  }

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue, runChunkSize: 250 });
    app = engine.app;
    receiver = await startReceiver();
    const hook = await post(app, '/v1/webhooks', { url: receiver.url, events: ['action.decided'] });
    receiver.secret = hook.body.secret;
    const history = world.history();
    await write('accounts', history.accounts);
    await write('invoices', history.invoices);
    await write('payments', history.payments);
    await write('disputes', history.disputes);
    await write('promises', history.promises);

    for (let i = 0; i < DAYS; i++) {
      const date = addDays(START, i);
      const today = world.on(date);
      await write('invoices', today.invoices);
      await write('payments', today.payments);
      await write('disputes', today.disputes);
      await write('promises', today.promises);
      const started = await post(app, '/v1/runs', { asOf: date });
      expect(started.status, started.text).toBe(202);
      await queue.idle();
      const run = (await get(app, `/v1/runs/${started.body.runId}`)).body;
      runs.push({ date, outcomes: run.outcomes, errors: run.errors.count });
      for (let hour = 0; hour < 24; hour++) {
        if (i === OUTAGE_DAY && hour === 7) {
          // The receiver is down from 07:00 to 08:00; the dispatcher keeps trying every 5 minutes.
          receiver.failWith = 500;
          for (let minute = 0; minute < 60; minute += 5) {
            const report = await dispatchAt(new Date(`${date}T07:${String(minute).padStart(2, '0')}:00Z`));
            failedDuringOutage += report.retried + report.dead;
          }
          receiver.failWith = undefined;
          continue;
        }
        await dispatchAt(new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`));
      }
    }
    // The deliveries still waiting for their retry after the last day.
    for (let hour = 0; hour < 6; hour++)
      await dispatchAt(new Date(`${addDays(START, DAYS)}T${String(hour).padStart(2, '0')}:00:00Z`));
  }, 1_500_000);

  afterAll(() => receiver?.close());

  it('ran every day without an error, and acted', () => {
    expect(runs).toHaveLength(DAYS);
    expect(runs.reduce((n, r) => n + r.errors, 0)).toBe(0);
    const actions = runs.reduce((n, r) => n + (r.outcomes.action ?? 0), 0);
    expect(actions).toBeGreaterThan(300);
    // Each action reached the customers, who were told of it.
    expect(world.contacts).toBe(actions);
  });

  it('delivered every action, each (invoice, step, occurrence) once, every signature good', async () => {
    const actions = await queryRows<{ id: string; status: string }>(store.db, sql`select id, status from actions`);
    expect(actions.length).toBeGreaterThan(300);
    expect(actions.filter((a) => a.status === 'pending')).toEqual([]);
    const delivered = new Set(arrived.map((a) => a.data.actionId));
    expect(actions.filter((a) => !delivered.has(a.id))).toEqual([]);
    const keys = arrived.map((a) => `${a.data.invoiceId}|${a.data.step}|${a.data.occurrence}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(receiver.badSignatures).toBe(0);
    const dead = (await get(app, '/v1/outbox?status=dead')).body.items;
    expect(dead).toEqual([]);
  });

  it('lost nothing while the receiver answered 500 for an hour', async () => {
    expect(failedDuringOutage).toBeGreaterThan(0);
    const outageDay = addDays(START, OUTAGE_DAY);
    const late = arrived.filter((a) => a.at.toISOString().startsWith(outageDay) && a.at.getUTCHours() >= 8);
    expect(late.length).toBeGreaterThan(0);
  });

  it('contacted nobody on a weekend or public holiday, outside 08:00-18:00 local time, or more than twice in 7 days', () => {
    const contacts = arrived.filter((a) => CONTACTS.has(String(a.data.type)));
    expect(contacts.length).toBeGreaterThan(250);
    const byAccount = new Map<string, number[]>();
    for (const contact of contacts) {
      const account = accounts.get(String(contact.data.accountId))!;
      const local = new TZDate(contact.at.getTime(), account.timeZone!);
      const localDay = dayNumber(
        `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`,
      );
      expect(notBusinessDay(localDay, account.country), `${contact.deliveryId} on ${local.toString()}`).toBeUndefined();
      const minutes = local.getHours() * 60 + local.getMinutes();
      expect(minutes, `${contact.deliveryId} at ${local.toString()}`).toBeGreaterThanOrEqual(8 * 60);
      expect(minutes, `${contact.deliveryId} at ${local.toString()}`).toBeLessThan(18 * 60);
      byAccount.set(account.id, [...(byAccount.get(account.id) ?? []), localDay]);
    }
    const cap = DEFAULT_CONTACT_RULES.weeklyCap!;
    for (const [account, days] of byAccount) {
      for (const day of days) {
        const inWeek = days.filter((d) => d <= day && d > day - 7).length;
        expect(inWeek, `${account} around day ${day}`).toBeLessThanOrEqual(cap);
      }
    }
  });

  it('left every open invoice with a next review date, and took payments the customers made', async () => {
    const end = addDays(START, DAYS - 1);
    const unreviewed = await queryRows<{ id: string }>(
      store.db,
      sql`select i.id from invoices i left join reviews r on r.invoice_id = i.id
          where i.issue_date <= ${end} and (i.settled_date is null or i.settled_date > ${end}) and r.invoice_id is null`,
    );
    expect(unreviewed).toEqual([]);
    const paidDuring = await queryRows<{ n: string }>(
      store.db,
      sql`select count(*) as n from payments where paid_on >= ${START}`,
    );
    expect(Number(paidDuring[0]!.n)).toBeGreaterThan(400);
  });
});
