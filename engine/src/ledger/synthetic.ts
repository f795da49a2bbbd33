/**
 * A seeded synthetic portfolio in the canonical format, for demos, tests and benchmarks
 * at any size: accounts with their own payment habits, 15/30/45/60-day terms, disputes,
 * seasonality (slower in December and August) and drift (payments slowly get later).
 */
import { addDays, dayNumber } from '../features/days';
import { type CanonicalInvoice } from './canonical';

/** mulberry32: small, fast, and the same sequence on every platform for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PortfolioOptions {
  invoices: number;
  seed: number;
  /** Last issue date; the portfolio spans `years` before it. */
  endDate?: string;
  years?: number;
  /** Put before every invoice and account id, to keep a portfolio apart from real data. */
  idPrefix?: string;
}

export const MIN_INVOICES = 100;
export const MAX_INVOICES = 1_000_000;

const TERMS = [15, 30, 45, 60];
const CURRENCIES: Array<[string, number]> = [
  ['USD', 0.7],
  ['EUR', 0.18],
  ['CAD', 0.12],
];

export interface SyntheticAccount {
  id: string;
  meanDelay: number;
  spread: number;
  terms: number;
  disputeRate: number;
  paperless: boolean;
  currency: string;
  amountScale: number;
}

/** A seeded source of numbers: uniform, normal, and weighted picks. */
export interface Draws {
  random: () => number;
  normal: () => number;
  pick<T>(weighted: Array<[T, number]>): T;
}

export function draws(seed: number): Draws {
  const random = seededRandom(seed);
  return {
    random,
    normal: () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
    pick<T>(weighted: Array<[T, number]>): T {
      let r = random();
      for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
      return weighted[weighted.length - 1]![0];
    },
  };
}

/** Accounts with their own payment habits, and how often each sends an invoice (cumulative shares). */
export function drawAccounts(d: Draws, count: number, idPrefix = '') {
  const accounts: SyntheticAccount[] = Array.from({ length: count }, (_, i) => {
    const habit = d.pick<[number, number]>([
      [[-3, 2], 0.45],
      [[2, 3], 0.35],
      [[10, 6], 0.15],
      [[25, 10], 0.05],
    ]);
    return {
      id: `${idPrefix}ACC-${String(i + 1).padStart(6, '0')}`,
      meanDelay: habit[0] + d.normal() * 1.5,
      spread: habit[1] * (0.5 + d.random()),
      terms: TERMS[Math.floor(d.random() * TERMS.length)]!,
      disputeRate: 0.01 + d.random() * 0.1,
      paperless: d.random() < 0.6,
      currency: d.pick(CURRENCIES),
      amountScale: Math.exp(6 + d.normal() * 1.5),
    };
  });
  // Bigger customers send more invoices.
  const weights = accounts.map(() => 0.2 + d.random() ** 3 * 5);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map(
    (
      (sum) => (w: number) =>
        (sum += w / total)
    )(0),
  );
  return { accounts, cumulative };
}

/** One invoice of one of the accounts, issued on `issueDay`: its terms, amount, dispute and the day its account would pay it uncontacted. */
export function drawInvoice(d: Draws, account: SyntheticAccount, issueDay: number, drift: number) {
  const issueDate = addDays('1970-01-01', issueDay);
  const dueDate = addDays(issueDate, account.terms);
  const disputed = d.random() < account.disputeRate;
  const month = new Date(issueDay * 86_400_000).getUTCMonth();
  const season = month === 11 ? 4 : month === 7 ? 2 : 0;
  let delay = Math.round(
    account.meanDelay + d.normal() * account.spread + season + drift + (disputed ? 12 + d.random() * 20 : 0),
  );
  delay = Math.max(delay, 1 - account.terms);
  let payDay = dayNumber(dueDate) + delay;
  // Payments land on working days.
  const weekday = new Date(payDay * 86_400_000).getUTCDay();
  if (weekday === 6) payDay += 2;
  if (weekday === 0) payDay += 1;
  const amount = Math.round(account.amountScale * Math.exp(d.normal() * 0.6) * 100) / 100;
  return { issueDate, dueDate, disputed, payDay, amount };
}

export function generatePortfolio(options: PortfolioOptions): CanonicalInvoice[] {
  const { invoices: count, seed } = options;
  if (!Number.isInteger(count) || count < MIN_INVOICES || count > MAX_INVOICES) {
    throw new Error(`a portfolio has ${MIN_INVOICES} to ${MAX_INVOICES} invoices, not ${count}`);
  }
  const d = draws(seed);
  const endDay = dayNumber(options.endDate ?? '2026-06-30');
  const spanDays = Math.round((options.years ?? 2) * 365);
  const { accounts, cumulative } = drawAccounts(d, Math.max(10, Math.round(count / 30)), options.idPrefix);

  const rows: CanonicalInvoice[] = [];
  for (let i = 0; i < count; i++) {
    const r = d.random();
    let a = cumulative.findIndex((c) => r < c);
    if (a === -1) a = accounts.length - 1;
    const account = accounts[a]!;
    const issueDay = endDay - Math.floor(d.random() * spanDays);
    const drift = (1 - (endDay - issueDay) / spanDays) * 3;
    const drawn = drawInvoice(d, account, issueDay, drift);
    rows.push({
      invoiceId: `${options.idPrefix ?? ''}INV-${String(i + 1).padStart(7, '0')}`,
      accountId: account.id,
      issueDate: drawn.issueDate,
      dueDate: drawn.dueDate,
      amount: drawn.amount,
      currency: account.currency,
      settledDate: drawn.payDay > endDay ? null : addDays('1970-01-01', drawn.payDay),
      disputed: drawn.disputed,
      paperless: account.paperless,
      extra: {},
    });
  }
  return rows;
}
