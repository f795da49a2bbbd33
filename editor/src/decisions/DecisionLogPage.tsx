/**
 * The decision log: every logged decision, newest first, searched by invoice, account, outcome and
 * date; a row opens the decision explained, as the simulator shows it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type DecisionQuery, type LoggedDecision } from '../api';
import { DecisionView } from '../simulator/DecisionView';
import { outcomeText } from '../simulator/outcome';
import { DataTable, type Column } from '../ui/DataTable';

const PAGE = 50;

const columns: Array<Column<LoggedDecision>> = [
  { id: 'asOf', header: 'As of', accessorFn: (d) => d.decision.asOf.slice(0, 16).replace('T', ' ') },
  { id: 'invoice', header: 'Invoice', accessorFn: (d) => d.decision.invoiceId },
  { id: 'account', header: 'Account', accessorFn: (d) => d.decision.accountId },
  { id: 'outcome', header: 'Outcome', accessorFn: (d) => d.decision.outcome },
  { id: 'what', header: 'Decided', accessorFn: (d) => outcomeText(d.decision) },
  {
    id: 'policy',
    header: 'Policy',
    accessorFn: (d) => `${d.decision.policy.id} v${d.decision.policy.version}`,
  },
  { id: 'next', header: 'Next change', accessorFn: (d) => d.decision.nextReviewAt },
];

interface Filters {
  invoiceId: string;
  accountId: string;
  outcome: '' | 'action' | 'wait' | 'stop';
  from: string;
  to: string;
}

const queryOf = (f: Filters, cursor?: string): DecisionQuery => ({
  invoiceId: f.invoiceId.trim() || undefined,
  accountId: f.accountId.trim() || undefined,
  outcome: f.outcome || undefined,
  from: f.from || undefined,
  to: f.to || undefined,
  limit: PAGE,
  cursor,
});

export function DecisionLogPage() {
  const [draft, setDraft] = useState<Filters>({ invoiceId: '', accountId: '', outcome: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const [rows, setRows] = useState<LoggedDecision[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setProblem(null);
    api.listDecisions(queryOf(filters)).then(
      (page) => {
        if (!current) return;
        setRows(page.items);
        setNext(page.nextCursor);
        setOpen(null);
      },
      (error) => current && setProblem(errorText(error).title),
    );
    return () => {
      current = false;
    };
  }, [filters]);

  const more = async () => {
    if (!next) return;
    try {
      const page = await api.listDecisions(queryOf(filters, next));
      setRows((r) => [...r, ...page.items]);
      setNext(page.nextCursor);
    } catch (error) {
      setProblem(errorText(error).title);
    }
  };

  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };

  const opened = rows.find((r) => r.decision.decisionId === open);
  const field = (key: keyof Filters) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  return (
    <section className="report" aria-labelledby="log-title">
      <header className="report__head">
        <h1 id="log-title">Decision log</h1>
        <form className="report__filters" onSubmit={search} role="search">
          <label>
            Invoice
            <input {...field('invoiceId')} placeholder="INV-…" data-testid="log-invoice" />
          </label>
          <label>
            Account
            <input {...field('accountId')} placeholder="ACME" />
          </label>
          <label>
            Outcome
            <select {...field('outcome')} data-testid="log-outcome">
              <option value="">any</option>
              <option value="action">action</option>
              <option value="wait">wait</option>
              <option value="stop">stop</option>
            </select>
          </label>
          <label>
            From
            <input type="date" {...field('from')} />
          </label>
          <label>
            Before
            <input type="date" {...field('to')} />
          </label>
          <button type="submit" className="button button--primary" data-testid="log-search">
            Search
          </button>
        </form>
      </header>
      {problem && (
        <div className="report__problem" role="alert">
          {problem}
        </div>
      )}
      <div className="log">
        <div className="log__list">
          <DataTable
            columns={columns}
            data={rows}
            className="report-table report-table--rows"
            testId="log-table"
            rowProps={(item) => {
              const id = item.decision.decisionId;
              return {
                className: id === open ? 'is-open' : undefined,
                tabIndex: 0,
                'aria-selected': id === open,
                onClick: () => setOpen(id),
                onKeyDown: (e) => (e.key === 'Enter' || e.key === ' ') && setOpen(id),
              };
            }}
          />
          {rows.length === 0 && !problem && <p className="report__note">No decision matches.</p>}
          {next && (
            <button type="button" className="button" onClick={() => void more()} data-testid="log-more">
              Show {PAGE} more
            </button>
          )}
        </div>
        {opened && (
          // Scrollable, so reachable by keyboard too.
          <aside className="log__detail" aria-label="The decision explained" data-testid="log-detail" tabIndex={0}>
            <DecisionView decision={opened.decision} />
          </aside>
        )}
      </div>
    </section>
  );
}
