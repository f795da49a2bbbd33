/**
 * A synthetic world of customers for demos, tests and benchmarks (docs/ledger.md, "The synthetic
 * world"): accounts with master data, invoices issued before and after a start day, their
 * payments (some in two parts), disputes and promises to pay, and customers who react to being
 * contacted. Before the start day the world is history; from it on, a simulation asks each day
 * what the customers do, and tells them of the contacts made, which can bring payments forward.
 */
import { COUNTRY_CODES, SEGMENTS, type ActionType } from '../policy';
import { addDays, dayNumber } from '../features/days';
import { type CanonicalInvoice } from './canonical';
import { type AccountRecord, type DisputeRecord, type PaymentRecord, type PromiseRecord } from './records';
import { draws, drawAccounts, drawInvoice, seededRandom, type SyntheticAccount } from './synthetic';

type Segment = (typeof SEGMENTS)[number];

/**
 * How customers react to a contact: the chance it brings the payment forward, and to within how
 * many days of the contact. Small businesses answer a text quickly; large customers and the public
 * sector need a call, or a letter; nobody reacts much to email alone.
 */
export const REACTIONS: Record<Segment, Partial<Record<ActionType, { chance: number; withinDays: number }>>> = {
  small_business: {
    email: { chance: 0.3, withinDays: 4 },
    sms: { chance: 0.45, withinDays: 2 },
    call: { chance: 0.5, withinDays: 3 },
    letter: { chance: 0.2, withinDays: 8 },
  },
  mid_market: {
    email: { chance: 0.25, withinDays: 5 },
    sms: { chance: 0.2, withinDays: 4 },
    call: { chance: 0.45, withinDays: 4 },
    letter: { chance: 0.2, withinDays: 8 },
  },
  enterprise: {
    email: { chance: 0.1, withinDays: 8 },
    sms: { chance: 0.05, withinDays: 8 },
    call: { chance: 0.4, withinDays: 5 },
    letter: { chance: 0.25, withinDays: 10 },
  },
  public_sector: {
    email: { chance: 0.05, withinDays: 10 },
    sms: { chance: 0.02, withinDays: 10 },
    call: { chance: 0.2, withinDays: 8 },
    letter: { chance: 0.35, withinDays: 12 },
  },
};

/** A call ends in a promise to pay within PROMISE_DAYS this often; the promise is kept this often. */
export const PROMISE_ON_CALL = 0.3;
export const PROMISE_DAYS = 5;
export const PROMISE_KEPT = 0.75;

const COUNTRIES: Array<[string, string, number]> = [
  ['GB', 'Europe/London', 0.3],
  ['DE', 'Europe/Berlin', 0.25],
  ['US', 'America/New_York', 0.3],
  ['FR', 'Europe/Paris', 0.15],
];

export interface WorldOptions {
  invoices: number;
  seed: number;
  /** The first day that is not history. */
  start: string;
  /** Years of history before the start. */
  historyYears?: number;
  /** Days after the start in which invoices are still issued. */
  futureDays?: number;
  idPrefix?: string;
}

/** What the customers do on a day: records for the ledger. */
export interface Happenings {
  invoices: CanonicalInvoice[];
  payments: PaymentRecord[];
  disputes: DisputeRecord[];
  promises: PromiseRecord[];
}

interface Hidden {
  invoice: CanonicalInvoice;
  account: SyntheticAccount & { segment: Segment };
  /** The day it is paid (in full, or its second part). */
  payDay: number;
  /** A first part of half the amount, paid this many days before, for customers who pay in two parts. */
  splitDays?: number;
  dispute?: { opened: number; resolved: number; reason: string };
}

const REASONS = ['wrong price', 'goods damaged', 'not received', 'duplicate invoice'];

export class World {
  readonly accounts: AccountRecord[];
  private readonly hidden = new Map<string, Hidden>();
  private readonly startDay: number;
  private readonly promised = new Map<string, PromiseRecord>();
  /** Records already handed out, by key: each goes to the ledger once. */
  private readonly emitted = new Set<string>();
  private contactsSeen = 0;

  constructor(private readonly options: WorldOptions) {
    const d = draws(options.seed);
    this.startDay = dayNumber(options.start);
    const prefix = options.idPrefix ?? '';
    const { accounts, cumulative } = drawAccounts(d, Math.max(10, Math.round(options.invoices / 25)), prefix);
    const segments = accounts.map(() =>
      d.pick(SEGMENTS.map((s, i): [Segment, number] => [s, [0.35, 0.3, 0.2, 0.15][i]!])),
    );
    const places = accounts.map(() => d.pick(COUNTRIES.map(([c, tz, w]): [[string, string], number] => [[c, tz], w])));
    const spanDays = Math.round((options.historyYears ?? 1) * 365);
    const futureDays = options.futureDays ?? 0;
    this.accounts = accounts.map((a, i) => {
      const [country, timeZone] = places[i]!;
      const consent = d.random();
      return {
        id: a.id,
        name: `Customer ${a.id.slice(prefix.length)}`,
        segment: segments[i]!,
        country: COUNTRY_CODES.includes(country) ? country : 'GB',
        timeZone,
        creditLimit: Math.round(a.amountScale * 8),
        customerSince: addDays(options.start, -spanDays - Math.floor(d.random() * 700)),
        emailAllowed: consent < 0.95,
        smsAllowed: consent < 0.5,
        callAllowed: consent < 0.8,
        doNotContact: d.random() < 0.01,
        owner: `collector-${1 + (i % 5)}`,
      };
    });
    for (let i = 0; i < options.invoices; i++) {
      const r = d.random();
      let a = cumulative.findIndex((c) => r < c);
      if (a === -1) a = accounts.length - 1;
      const account = { ...accounts[a]!, segment: segments[a]! };
      const issueDay = this.startDay + futureDays - 1 - Math.floor(d.random() * (spanDays + futureDays));
      const drawn = drawInvoice(d, account, issueDay, 0);
      const invoice: CanonicalInvoice = {
        invoiceId: `${prefix}INV-${String(i + 1).padStart(7, '0')}`,
        accountId: account.id,
        issueDate: drawn.issueDate,
        dueDate: drawn.dueDate,
        amount: drawn.amount,
        currency: account.currency,
        settledDate: null,
        disputed: null,
        paperless: account.paperless,
        extra: {},
      };
      const hidden: Hidden = { invoice, account, payDay: drawn.payDay };
      if (d.random() < 0.15) hidden.splitDays = 5 + Math.floor(d.random() * 15);
      if (drawn.disputed) {
        const opened = issueDay + 3 + Math.floor(d.random() * 20);
        const resolved = opened + 10 + Math.floor(d.random() * 30);
        hidden.dispute = { opened, resolved, reason: REASONS[Math.floor(d.random() * REASONS.length)]! };
        hidden.payDay = Math.max(hidden.payDay, resolved + 3);
      }
      this.hidden.set(invoice.invoiceId, hidden);
    }
  }

  /** The ledger as it stood the day before the start: every record dated before it. */
  history(): Happenings & { accounts: AccountRecord[] } {
    return { accounts: this.accounts, ...this.records(this.startDay - 1) };
  }

  /**
   * What happened by the end of a day from the start on, and was not handed out before: invoices
   * issued, payments, disputes opened or resolved, promises made.
   */
  on(date: string): Happenings {
    return this.records(dayNumber(date));
  }

  /**
   * A contact with the customer about an invoice on a day: by the customer's segment and the channel,
   * it may bring the payment forward, and a call may end in a promise to pay.
   */
  contact(invoiceId: string, type: ActionType, date: string): void {
    const hidden = this.hidden.get(invoiceId);
    if (!hidden) return;
    const day = dayNumber(date);
    if (hidden.payDay <= day) return;
    // The same contact always has the same effect, whatever else happened in between.
    const random = seededRandom(this.options.seed * 7919 + hashOf(`${invoiceId}|${type}|${date}`));
    this.contactsSeen += 1;
    const reaction = REACTIONS[hidden.account.segment][type];
    const disputedUntil = hidden.dispute && hidden.dispute.opened <= day ? hidden.dispute.resolved + 3 : -Infinity;
    if (type === 'call' && random() < PROMISE_ON_CALL) {
      const promisedDay = day + PROMISE_DAYS;
      this.promised.set(invoiceId, {
        id: `${invoiceId}:promise:${date}`,
        invoiceId,
        madeOn: date,
        promisedDate: addDays('1970-01-01', promisedDay),
      });
      if (random() < PROMISE_KEPT) hidden.payDay = Math.max(disputedUntil, Math.min(hidden.payDay, promisedDay));
      return;
    }
    if (reaction && random() < reaction.chance) {
      const soon = day + 1 + Math.floor(random() * reaction.withinDays);
      hidden.payDay = Math.max(disputedUntil, Math.min(hidden.payDay, soon));
    }
  }

  /** How many contacts the world was told of. */
  get contacts(): number {
    return this.contactsSeen;
  }

  private records(upto: number): Happenings {
    const out: Happenings = { invoices: [], payments: [], disputes: [], promises: [] };
    const once = (key: string) => !this.emitted.has(key) && this.emitted.add(key) !== undefined;
    const date = (day: number) => addDays('1970-01-01', day);
    for (const h of this.hidden.values()) {
      const { invoice } = h;
      const issued = dayNumber(invoice.issueDate);
      if (issued > upto) continue;
      if (once(invoice.invoiceId)) out.invoices.push(invoice);
      const half = Math.round(invoice.amount * 50) / 100;
      const parts: Array<[number, number, string]> = h.splitDays
        ? [
            [h.payDay - h.splitDays, half, 'part-1'],
            [h.payDay, invoice.amount - half, 'part-2'],
          ]
        : [[h.payDay, invoice.amount, 'paid']];
      for (const [day, amount, part] of parts) {
        const paidDay = Math.max(day, issued);
        const id = `${invoice.invoiceId}:${part}`;
        if (paidDay <= upto && amount > 0 && once(id)) {
          out.payments.push({ id, invoiceId: invoice.invoiceId, amount, paidOn: date(paidDay) });
        }
      }
      if (h.dispute) {
        const { opened, resolved, reason } = h.dispute;
        const record = {
          id: `${invoice.invoiceId}:dispute`,
          invoiceId: invoice.invoiceId,
          openedOn: date(opened),
          reason,
        };
        if (resolved <= upto && once(`${record.id}:resolved`))
          out.disputes.push({ ...record, resolvedOn: date(resolved) });
        else if (opened <= upto && resolved > upto && once(`${record.id}:opened`))
          out.disputes.push({ ...record, resolvedOn: null });
      }
    }
    for (const promise of this.promised.values()) {
      if (dayNumber(promise.madeOn) <= upto && once(promise.id)) out.promises.push(promise);
    }
    return out;
  }
}

/** A small stable hash of a string, for seeding. */
function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
