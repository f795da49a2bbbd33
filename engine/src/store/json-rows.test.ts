import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { insertJsonRows } from './json-rows';
import { actions, decisions, type NewDecisionRow } from './schema';
import { describeEachStore } from './testing';

type NewAction = typeof actions.$inferInsert;

const action = (id: string, overrides: Partial<NewAction> = {}): NewAction => ({
  id,
  invoiceId: `INV-${id}`,
  accountId: 'ACC-JSON',
  decisionId: `D-${id}`,
  runId: null,
  step: 'reminder',
  occurrence: 1,
  type: 'email',
  template: 'friendly',
  level: 2,
  priority: 'normal',
  target: null,
  decidedOn: '2026-03-31',
  sendAt: new Date('2026-03-31T08:15:30.123Z'),
  ...overrides,
});

describeEachStore('rows inserted as one JSON parameter', (store) => {
  it('writes each type as the query builder does and leaves left-out columns to their defaults', async () => {
    const row = action('J-1', { target: 'ap@example.com', runId: 'R-1' });
    await store.db.execute(insertJsonRows(actions, [row, action('J-2')]));

    const [read] = await store.db.select().from(actions).where(eq(actions.id, 'J-1'));
    expect(read).toEqual({ ...row, status: 'pending', statusAt: expect.any(Date), createdAt: expect.any(Date) });
    const [second] = await store.db.select().from(actions).where(eq(actions.id, 'J-2'));
    expect(second).toMatchObject({ runId: null, target: null, occurrence: 1, sendAt: row.sendAt });
  });

  it('keeps JSON values whole: nesting, quotes, backslashes, unicode, numbers and nulls', async () => {
    const awkward = {
      text: 'She said "pay" \\ now\n\tplease — ünïcödé ✓ 💶',
      numbers: [0, -1.5, 1e21, 0.1 + 0.2],
      nested: { empty: {}, list: [], none: null, yes: true },
    };
    const row: NewDecisionRow = {
      id: 'J-DEC',
      invoiceId: 'INV-J',
      accountId: 'ACC-J',
      policyId: 'p',
      policyVersion: 3,
      contentHash: 'sha256:x',
      asOf: new Date('2026-01-02T03:04:05.006Z'),
      outcome: 'wait',
      request: awkward,
      facts: { amount: 12.34 },
      response: [awkward, 'string'],
      runId: null,
    };
    await store.db.execute(insertJsonRows(decisions, [row]));
    const [read] = await store.db.select().from(decisions).where(eq(decisions.id, 'J-DEC'));
    expect(read).toEqual({ ...row, createdAt: expect.any(Date) });
  });

  it('takes more rows in one statement than PostgreSQL takes parameters', async () => {
    // 6,000 rows of 14 columns would be 84,000 parameters.
    const rows = Array.from({ length: 6000 }, (_, i) => action(`J-MANY-${i}`, { occurrence: i }));
    await store.db.execute(insertJsonRows(actions, rows));
    const [{ n, total }] = (await store.db
      .select({ n: sql<number>`count(*)::int`, total: sql<number>`sum(occurrence)::int` })
      .from(actions)
      .where(sql`${actions.id} like 'J-MANY-%'`)) as [{ n: number; total: number }];
    expect({ n, total }).toEqual({ n: 6000, total: (5999 * 6000) / 2 });
  });

  it('refuses rows that do not all give the same columns, and an empty list', () => {
    expect(() => insertJsonRows(actions, [action('J-3', { status: 'sent' }), action('J-4')])).toThrow(
      /do not all give status/,
    );
    expect(() => insertJsonRows(actions, [])).toThrow(/at least one row/);
  });
});
