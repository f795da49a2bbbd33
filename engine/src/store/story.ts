/** Everything that happened to one invoice, for its timeline: the ledger's records, the decisions, actions and deliveries. */
import { asc, eq, inArray } from 'drizzle-orm';
import { type Executor } from './database';
import { actions, decisions, deliveries, disputes, invoices, payments, promises } from './schema';

export async function invoiceStory(db: Executor, invoiceId: string) {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice) return undefined;
  const [paid, disputed, promised, decided, taken] = await Promise.all([
    db.select().from(payments).where(eq(payments.invoiceId, invoiceId)),
    db.select().from(disputes).where(eq(disputes.invoiceId, invoiceId)),
    db.select().from(promises).where(eq(promises.invoiceId, invoiceId)),
    db
      .select({
        id: decisions.id,
        asOf: decisions.asOf,
        outcome: decisions.outcome,
        runId: decisions.runId,
        response: decisions.response,
      })
      .from(decisions)
      .where(eq(decisions.invoiceId, invoiceId))
      .orderBy(asc(decisions.asOf)),
    db.select().from(actions).where(eq(actions.invoiceId, invoiceId)),
  ]);
  const sent =
    taken.length === 0
      ? []
      : await db
          .select()
          .from(deliveries)
          .where(
            inArray(
              deliveries.actionId,
              taken.map((a) => a.id),
            ),
          );
  return {
    invoice,
    payments: paid,
    disputes: disputed,
    promises: promised,
    decisions: decided,
    actions: taken,
    deliveries: sent,
  };
}
