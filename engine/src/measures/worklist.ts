/**
 * The collectors' worklist (docs/measures.md): open invoices whose latest decision hands them to a
 * person (a call, a task, an escalation) or whose late probability reaches the threshold setting,
 * ranked by cash at risk = open amount (in the reporting currency) × the late probability of that
 * decision. An invoice decided without a score counts as wholly at risk, so that it is never hidden
 * below scored ones for want of a model.
 */
import { z } from 'zod';
import { daysBetween } from '../features/days';
import { COLLECTOR_ACTIONS, getSetting, setSetting, worklistRows, type Executor, type WorklistRow } from '../store';
import { converterFor, readFxRates } from './fx';

export const worklistSettingsSchema = z
  .object({
    /** An invoice whose late probability is at least this is on the worklist, whatever was decided. */
    riskThreshold: z.number().min(0).max(1),
  })
  .strict()
  .meta({ id: 'WorklistSettings' });
export type WorklistSettings = z.infer<typeof worklistSettingsSchema>;

export const DEFAULT_WORKLIST_SETTINGS: WorklistSettings = { riskThreshold: 0.7 };
const SETTING = 'worklist';

export async function readWorklistSettings(db: Executor): Promise<WorklistSettings> {
  const stored = worklistSettingsSchema.safeParse(await getSetting(db, SETTING));
  return stored.success ? stored.data : DEFAULT_WORKLIST_SETTINGS;
}

export async function writeWorklistSettings(db: Executor, settings: WorklistSettings): Promise<WorklistSettings> {
  await setSetting(db, SETTING, settings);
  return settings;
}

export interface WorklistQuery {
  /** The day the worklist is of (default today, UTC). */
  asOf: string;
  segment?: string | undefined;
  owner?: string | undefined;
  currency?: string | undefined;
  level?: number | undefined;
  limit: number;
  offset: number;
}

interface Decided {
  decisionId: string;
  asOf: string;
  outcome: string;
  action?: { type: string; level: number; template?: string; target?: string } | null;
  reason?: string;
  scores?: Record<string, unknown>;
}

function itemOf(row: WorklistRow, asOf: string, toReporting: (amount: number, currency: string) => number) {
  const decision = row.decision as unknown as Decided;
  const p = decision.scores?.['lateProbability'];
  const lateProbability = typeof p === 'number' ? p : null;
  const collector =
    decision.outcome === 'action' && (COLLECTOR_ACTIONS as readonly string[]).includes(decision.action?.type ?? '');
  return {
    invoiceId: row.invoiceId,
    accountId: row.accountId,
    accountName: row.accountName,
    segment: row.segment,
    owner: row.owner,
    currency: row.currency,
    dueDate: row.dueDate,
    daysPastDue: Math.max(0, daysBetween(row.dueDate, asOf)),
    openAmount: row.openAmount,
    lateProbability,
    cashAtRisk: toReporting(row.openAmount, row.currency) * (lateProbability ?? 1),
    why: collector ? ('collector_action' as const) : ('risk' as const),
    decision: {
      decisionId: decision.decisionId,
      asOf: decision.asOf,
      outcome: decision.outcome,
      action: decision.action ?? null,
      reason: decision.reason ?? null,
    },
  };
}

export type WorklistItem = ReturnType<typeof itemOf>;

export async function worklist(
  db: Executor,
  query: WorklistQuery,
): Promise<{
  asOf: string;
  currency: string;
  riskThreshold: number;
  total: number;
  totalCashAtRisk: number;
  items: WorklistItem[];
}> {
  const { riskThreshold } = await readWorklistSettings(db);
  const rows = await worklistRows(db, { day: query.asOf, riskThreshold, ...query });
  const fx = converterFor(
    await readFxRates(db),
    rows.map((r) => r.currency),
  );
  const items = rows
    .map((row) => itemOf(row, query.asOf, fx.convert))
    .sort(
      (a, b) => b.cashAtRisk - a.cashAtRisk || b.daysPastDue - a.daysPastDue || (a.invoiceId < b.invoiceId ? -1 : 1),
    );
  return {
    asOf: query.asOf,
    currency: fx.currency,
    riskThreshold,
    total: items.length,
    totalCashAtRisk: Math.round(items.reduce((sum, i) => sum + i.cashAtRisk, 0) * 100) / 100,
    items: items.slice(query.offset, query.offset + query.limit),
  };
}
