/**
 * The collectors' worklist: the invoices that need a person, riskiest first, filtered by segment,
 * owner, currency and level. A row opens the invoice: its latest decision explained, its timeline,
 * and a form to record what the collector got (docs/measures.md).
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { SEGMENTS } from '@dunwell/engine/policy';
import { api, errorText, type WorklistItem, type WorklistQuery } from '../api';
import { type Action } from '@dunwell/engine/policy';
import { actionName } from '../nodes/describe';
import { DataTable, type Column } from '../ui/DataTable';
import { InvoicePanel } from './InvoicePanel';

const PAGE = 50;
const today = () => new Date().toISOString().slice(0, 10);

/** Why the invoice is here: the collector's action decided, or its risk at or over the threshold. */
const whyOf = (item: WorklistItem, threshold: number) =>
  item.why === 'collector_action' && item.decision.action
    ? actionName(item.decision.action['type'] as Action['type'])
    : `Risk ≥ ${Math.round(threshold * 100)} %`;

function columnsFor(currency: string, threshold: number): Array<Column<WorklistItem>> {
  const money = (value: number, code: string) =>
    new Intl.NumberFormat('en-GB', { style: 'currency', currency: code, maximumFractionDigits: 0 }).format(value);
  return [
    { id: 'invoice', header: 'Invoice', accessorFn: (i) => i.invoiceId },
    { id: 'account', header: 'Account', accessorFn: (i) => i.accountName ?? i.accountId },
    { id: 'owner', header: 'Owner', accessorFn: (i) => i.owner ?? '–' },
    { id: 'due', header: 'Due', accessorFn: (i) => i.dueDate },
    { id: 'late', header: 'Days late', accessorFn: (i) => i.daysPastDue },
    { id: 'open', header: 'Open', accessorFn: (i) => money(i.openAmount, i.currency) },
    {
      id: 'risk',
      header: 'Late probability',
      accessorFn: (i) => (i.lateProbability === null ? 'not scored' : `${Math.round(i.lateProbability * 100)} %`),
    },
    { id: 'atRisk', header: `Cash at risk (${currency})`, accessorFn: (i) => money(i.cashAtRisk, currency) },
    { id: 'why', header: 'Why', accessorFn: (i) => whyOf(i, threshold) },
  ];
}

interface Filters {
  asOf: string;
  segment: string;
  owner: string;
  currency: string;
  level: string;
}

const queryOf = (f: Filters, offset: number): WorklistQuery => ({
  asOf: f.asOf || undefined,
  segment: (f.segment || undefined) as WorklistQuery['segment'],
  owner: f.owner.trim() || undefined,
  currency: f.currency.trim().toUpperCase() || undefined,
  level: f.level === '' ? undefined : Number(f.level),
  limit: PAGE,
  offset,
});

export function WorklistPage() {
  const [draft, setDraft] = useState<Filters>({ asOf: today(), segment: '', owner: '', currency: '', level: '' });
  const [filters, setFilters] = useState(draft);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{
    total: number;
    currency: string;
    riskThreshold: number;
    items: WorklistItem[];
  } | null>(null);
  const [open, setOpen] = useState<WorklistItem | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);

  useEffect(() => {
    let current = true;
    setProblem(null);
    api.worklist(queryOf(filters, offset)).then(
      (r) => current && setPage(r),
      (error) => current && (setPage(null), setProblem(errorText(error).title)),
    );
    return () => {
      current = false;
    };
  }, [filters, offset, loads]);

  const reload = useCallback(() => setLoads((n) => n + 1), []);
  const columns = useMemo(
    () => columnsFor(page?.currency ?? 'EUR', page?.riskThreshold ?? 1),
    [page?.currency, page?.riskThreshold],
  );
  const search = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setOpen(null);
    setFilters(draft);
  };
  const field = (key: keyof Filters) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const items = page?.items ?? [];

  return (
    <section className="report" aria-labelledby="worklist-title">
      <header className="report__head">
        <h1 id="worklist-title">Worklist</h1>
        <form className="report__filters" onSubmit={search} role="search">
          <label>
            Day
            <input type="date" {...field('asOf')} />
          </label>
          <label>
            Segment
            <select {...field('segment')}>
              <option value="">all</option>
              {SEGMENTS.map((s) => (
                <option key={s} value={s}>
                  {s.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
          <label>
            Owner
            <input {...field('owner')} placeholder="any" />
          </label>
          <label>
            Currency
            <input {...field('currency')} placeholder="any" maxLength={3} size={4} />
          </label>
          <label>
            Level
            <input type="number" min={0} {...field('level')} placeholder="any" />
          </label>
          <button type="submit" className="button button--primary" data-testid="worklist-search">
            Show
          </button>
        </form>
      </header>
      {problem && (
        <div className="report__problem" role="alert">
          {problem}
        </div>
      )}
      {page && (
        <p className="report__note" data-testid="worklist-total">
          {page.total} {page.total === 1 ? 'invoice needs' : 'invoices need'} a person; cash at risk in {page.currency}.
        </p>
      )}
      <div className="log">
        <div className="log__list">
          <DataTable
            columns={columns}
            data={items}
            className="report-table report-table--rows"
            testId="worklist-table"
            rowProps={(item) => ({
              className: item.invoiceId === open?.invoiceId ? 'is-open' : undefined,
              tabIndex: 0,
              'aria-selected': item.invoiceId === open?.invoiceId,
              onClick: () => setOpen(item),
              onKeyDown: (e) => (e.key === 'Enter' || e.key === ' ') && setOpen(item),
            })}
          />
          {page && items.length === 0 && <p className="report__note">Nothing needs a person on this day.</p>}
          {page && page.total > PAGE && (
            <nav className="report__pages" aria-label="Pages">
              <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(offset - PAGE)}>
                Previous
              </button>
              <span>
                {offset + 1}–{Math.min(offset + PAGE, page.total)} of {page.total}
              </span>
              <button
                type="button"
                className="button"
                disabled={offset + PAGE >= page.total}
                onClick={() => setOffset(offset + PAGE)}
              >
                Next
              </button>
            </nav>
          )}
        </div>
        {open && <InvoicePanel key={open.invoiceId} item={open} day={filters.asOf || today()} onRecorded={reload} />}
      </div>
    </section>
  );
}
