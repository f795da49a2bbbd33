/**
 * The accounts' ledgers a decision reads its history from, kept between decisions
 * (docs/store.md, "What is cached"). Each read asks the store for the fingerprint of every
 * kept account's rows, one short row per account, and reads again only the accounts whose rows
 * changed, whichever process changed them. The least recently used accounts are let go once more
 * than `maxInvoices` invoices are kept. A run reads its accounts afresh and keeps none (`keep: false`):
 * it reads each account once, and keeping them would cost it the fingerprints and push out the accounts
 * decides come back to.
 */
import { AccountLedger } from '../features/history';
import { accountLedgerFingerprints, accountsInvoices, type Executor } from '../store';

interface Kept {
  fingerprint: string;
  ledger: AccountLedger;
  invoices: number;
}

export class AccountLedgers {
  /** In order of use, the least recent first (a Map keeps insertion order). */
  private readonly kept = new Map<string, Kept>();
  private invoicesKept = 0;

  constructor(
    private readonly db: Executor,
    private readonly maxInvoices = 200_000,
  ) {}

  /** The ledgers of these accounts as the store holds them now; an account without invoices has none. */
  async read(accountIds: readonly string[], { keep = true } = {}): Promise<Map<string, AccountLedger>> {
    const ids = [...new Set(accountIds)];
    if (!keep) {
      const read = await accountsInvoices(this.db, ids);
      return new Map([...read].map(([id, rows]) => [id, new AccountLedger(rows.invoices)]));
    }
    const known = ids.filter((id) => this.kept.has(id));
    const current = known.length > 0 ? await accountLedgerFingerprints(this.db, known) : new Map<string, string>();
    const ledgers = new Map<string, AccountLedger>();
    const stale: string[] = [];
    for (const id of ids) {
      const kept = this.kept.get(id);
      if (kept && kept.fingerprint === current.get(id)) {
        ledgers.set(id, kept.ledger);
        this.keep(id, kept);
      } else {
        stale.push(id);
      }
    }
    if (stale.length === 0) return ledgers;
    const read = await accountsInvoices(this.db, stale, { fingerprints: true });
    for (const id of stale) {
      const rows = read.get(id);
      this.forget(id);
      if (!rows) continue;
      const kept = {
        fingerprint: rows.fingerprint!,
        ledger: new AccountLedger(rows.invoices),
        invoices: rows.invoices.length,
      };
      ledgers.set(id, kept.ledger);
      this.keep(id, kept);
    }
    for (const [id] of this.kept) {
      if (this.invoicesKept <= this.maxInvoices) break;
      this.forget(id);
    }
    return ledgers;
  }

  private keep(id: string, kept: Kept) {
    this.forget(id);
    this.kept.set(id, kept);
    this.invoicesKept += kept.invoices;
  }

  private forget(id: string) {
    const kept = this.kept.get(id);
    if (!kept) return;
    this.kept.delete(id);
    this.invoicesKept -= kept.invoices;
  }
}
