/**
 * An account's payment history as known at a date: only invoices settled before that
 * date count, so a feature never changes when later invoices are added. Built once per
 * account (sorted, with prefix sums), then asked for any date in O(log n) plus the
 * open-invoice scan.
 */
import { dayNumber } from './days';

export interface LedgerInvoice {
  invoiceId: string;
  issueDate: string;
  dueDate: string;
  amount: number;
  settledDate: string | null;
  disputed: boolean | null;
  /** Sent electronically; null or absent when unknown. */
  paperless?: boolean | null;
}

export interface AccountHistory {
  settledCount: number;
  /** Share of settled invoices paid after their due date. */
  lateRate?: number;
  /** Mean of max(0, days late). */
  avgDaysLate?: number;
  /** Mean of days late, early payments negative. */
  meanDelay?: number;
  /** Days late of the most recently settled invoice. */
  lastDelay?: number;
  /** Exponentially weighted days late, recent invoices weigh most. */
  recentDelay?: number;
  /** Median days late: the account's typical timing, unmoved by a few outliers. */
  medianDelay?: number;
  /** Mean days late over invoices that were not disputed. */
  undisputedDelay?: number;
  /** Mean days late over invoices sent the same way (paper or electronic) as the one scored. */
  sameChannelDelay?: number;
  delaySpread?: number;
  daysSinceLastPayment?: number;
  disputeRate?: number;
  openInvoiceCount: number;
  openBalance: number;
  tenureDays?: number;
}

/** Weight of the newest settled invoice in `recentDelay`. */
export const RECENT_WEIGHT = 0.3;

interface Settled {
  day: number;
  delay: number;
}

const isOpen = (inv: { settledDay: number | null }, day: number) => inv.settledDay === null || inv.settledDay >= day;

/**
 * A sum kept as a double and its rounding error (Knuth's two-sum), so the open balance is the
 * amounts' exact sum rounded once: the same whatever the order they are added in, and with one
 * invoice taken out the same as if it had never been added.
 */
type ExactSum = readonly [number, number];

function addExact([sum, error]: ExactSum, x: number): ExactSum {
  const s = sum + x;
  const back = s - sum;
  return [s, error + (sum - (s - back)) + (x - back)];
}

const roundSum = ([sum, error]: ExactSum) => sum + error;
const exactSum = (total: ExactSum, x: number) => roundSum(addExact(total, x));

/** How many days' open invoices a ledger keeps. */
const OPEN_DAYS_KEPT = 32;

export class AccountLedger {
  private readonly settled: Settled[];
  private readonly prefix: {
    delay: number[];
    delaySq: number[];
    late: number[];
    lateDays: number[];
    recent: number[];
    median: number[];
    disputed: number[];
    disputeKnown: number[];
    undisputed: number[];
    undisputedCount: number[];
    paper: number[];
    paperCount: number[];
    electronic: number[];
    electronicCount: number[];
  };
  private readonly invoices: Array<LedgerInvoice & { issueDay: number; settledDay: number | null }>;
  private readonly byId: Map<string, LedgerInvoice & { issueDay: number; settledDay: number | null }>;
  /** The open invoices on a day, kept: every invoice of an account decided on one day asks for them. */
  private readonly open = new Map<number, { count: number; balance: ExactSum; firstIssue: number | undefined }>();

  constructor(invoices: readonly LedgerInvoice[]) {
    // A canonical order, so sums such as the open balance do not depend on the input's order to the last bit.
    this.invoices = invoices
      .map((i) => ({
        ...i,
        issueDay: dayNumber(i.issueDate),
        settledDay: i.settledDate ? dayNumber(i.settledDate) : null,
      }))
      .sort((a, b) => a.issueDay - b.issueDay || (a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0));
    this.byId = new Map(this.invoices.map((i) => [i.invoiceId, i]));
    const settled = this.invoices
      .filter((i) => i.settledDay !== null)
      .map((i) => ({
        day: i.settledDay!,
        delay: i.settledDay! - dayNumber(i.dueDate),
        disputed: i.disputed,
        paperless: i.paperless ?? null,
        id: i.invoiceId,
      }))
      // Ties on the settlement day are ordered by invoice id, so the order never depends on input order.
      .sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.settled = settled.map(({ day, delay }) => ({ day, delay }));
    const p = {
      delay: [0],
      delaySq: [0],
      late: [0],
      lateDays: [0],
      recent: [0],
      median: [0],
      disputed: [0],
      disputeKnown: [0],
      undisputed: [0],
      undisputedCount: [0],
      paper: [0],
      paperCount: [0],
      electronic: [0],
      electronicCount: [0],
    };
    const sorted: number[] = [];
    settled.forEach((s, k) => {
      let at = sorted.findIndex((d) => d > s.delay);
      if (at === -1) at = sorted.length;
      sorted.splice(at, 0, s.delay);
      const half = sorted.length >> 1;
      p.median.push(sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2);
      p.delay.push(p.delay[k]! + s.delay);
      p.delaySq.push(p.delaySq[k]! + s.delay * s.delay);
      p.late.push(p.late[k]! + (s.delay > 0 ? 1 : 0));
      p.lateDays.push(p.lateDays[k]! + Math.max(0, s.delay));
      p.recent.push(k === 0 ? s.delay : RECENT_WEIGHT * s.delay + (1 - RECENT_WEIGHT) * p.recent[k]!);
      p.disputed.push(p.disputed[k]! + (s.disputed === true ? 1 : 0));
      p.disputeKnown.push(p.disputeKnown[k]! + (s.disputed === null ? 0 : 1));
      const add = (sum: number[], n: number[], counts: boolean) => {
        sum.push(sum[k]! + (counts ? s.delay : 0));
        n.push(n[k]! + (counts ? 1 : 0));
      };
      add(p.undisputed, p.undisputedCount, s.disputed !== true);
      add(p.paper, p.paperCount, s.paperless === false);
      add(p.electronic, p.electronicCount, s.paperless === true);
    });
    this.prefix = p;
  }

  /** The invoices issued by `day` and not settled before it: how many, their balance, and the first issue day. */
  private openOn(day: number) {
    let totals = this.open.get(day);
    if (!totals) {
      let count = 0;
      let balance: ExactSum = [0, 0];
      let firstIssue: number | undefined;
      // In issue order: the first one issued is the account's first invoice.
      for (const inv of this.invoices) {
        if (inv.issueDay > day) break;
        firstIssue ??= inv.issueDay;
        if (isOpen(inv, day)) {
          count += 1;
          balance = addExact(balance, inv.amount);
        }
      }
      totals = { count, balance, firstIssue };
      // A ledger kept between decisions is asked about many days over its life: only the latest are kept.
      if (this.open.size >= OPEN_DAYS_KEPT) this.open.clear();
      this.open.set(day, totals);
    }
    return totals;
  }

  /** Number of invoices settled strictly before `day`. */
  private settledBefore(day: number): number {
    let lo = 0;
    let hi = this.settled.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.settled[mid]!.day < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The history at `asOf`, leaving out the invoice being scored; `paperless` (how that
   * invoice was sent) selects the same-channel average.
   */
  at(asOf: string | Date, excludeInvoiceId?: string, scored: { paperless?: boolean | null } = {}): AccountHistory {
    const day = dayNumber(asOf);
    const k = this.settledBefore(day);
    const p = this.prefix;
    const totals = this.openOn(day);
    const excluded = excludeInvoiceId === undefined ? undefined : this.byId.get(excludeInvoiceId);
    const leftOut = excluded !== undefined && excluded.issueDay <= day && isOpen(excluded, day);
    const openInvoiceCount = totals.count - (leftOut ? 1 : 0);
    const openBalance = leftOut ? exactSum(totals.balance, -excluded.amount) : roundSum(totals.balance);
    const firstIssue = totals.firstIssue;
    const history: AccountHistory = {
      settledCount: k,
      openInvoiceCount,
      openBalance,
      tenureDays: firstIssue === undefined ? undefined : day - firstIssue,
    };
    if (k === 0) return history;
    const mean = p.delay[k]! / k;
    return {
      ...history,
      lateRate: p.late[k]! / k,
      avgDaysLate: p.lateDays[k]! / k,
      meanDelay: mean,
      lastDelay: this.settled[k - 1]!.delay,
      recentDelay: p.recent[k]!,
      medianDelay: p.median[k]!,
      delaySpread: Math.sqrt(Math.max(0, p.delaySq[k]! / k - mean * mean)),
      daysSinceLastPayment: day - this.settled[k - 1]!.day,
      disputeRate: p.disputeKnown[k]! > 0 ? p.disputed[k]! / p.disputeKnown[k]! : undefined,
      undisputedDelay: p.undisputedCount[k]! > 0 ? p.undisputed[k]! / p.undisputedCount[k]! : undefined,
      sameChannelDelay:
        scored.paperless === true
          ? p.electronicCount[k]! > 0
            ? p.electronic[k]! / p.electronicCount[k]!
            : undefined
          : scored.paperless === false
            ? p.paperCount[k]! > 0
              ? p.paper[k]! / p.paperCount[k]!
              : undefined
            : undefined,
    };
  }
}

/** The same history `days` later with nothing else happened: only its day counts advance. */
export function shiftHistory(history: AccountHistory, days: number): AccountHistory {
  const { daysSinceLastPayment, tenureDays } = history;
  return {
    ...history,
    ...(daysSinceLastPayment === undefined ? {} : { daysSinceLastPayment: daysSinceLastPayment + days }),
    ...(tenureDays === undefined ? {} : { tenureDays: tenureDays + days }),
  };
}
