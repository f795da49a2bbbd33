/**
 * Aging: what is open on a day by days past due, per segment, currency or owner, as stacked bars
 * and a table, with the collections to expect within 30 days and the history each bucket's
 * probability rests on (docs/measures.md).
 */
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type AgingReport } from '../api';
import { ReportProblem } from '../ui/ReportProblem';
import { useReport } from '../ui/useReport';
import { DataTable, type Column } from '../ui/DataTable';

const today = () => new Date().toISOString().slice(0, 10);
const COLORS = ['#047857', '#b45309', '#c2410c', '#b91c1c', '#7f1d1d'];
const BY = ['segment', 'currency', 'owner'] as const;

type Row = AgingReport['groups'][number];

function columnsFor(report: AgingReport): Array<Column<Row>> {
  const money = (v: number | null) =>
    v === null
      ? '–'
      : new Intl.NumberFormat('en-GB', {
          style: 'currency',
          currency: report.currency,
          maximumFractionDigits: 0,
        }).format(v);
  return [
    { id: 'key', header: report.by, accessorFn: (r) => r.key ?? 'none' },
    ...report.buckets.map((bucket, i): Column<Row> => ({
      id: bucket,
      header: bucket === 'current' ? 'Current' : `${bucket} days`,
      accessorFn: (r) => money(r.cells[i]!.openAmount),
    })),
    { id: 'open', header: 'Open', accessorFn: (r) => money(r.openAmount) },
    { id: 'expected', header: 'Expected in 30 days', accessorFn: (r) => money(r.expected30) },
  ];
}

export function AgingPage() {
  const [query, setQuery] = useState<{ asOf: string; by: (typeof BY)[number] }>({ asOf: today(), by: 'segment' });
  const { report, problem } = useReport(query, api.aging);

  const columns = useMemo(() => (report ? columnsFor(report) : []), [report]);
  const rows = report ? [...report.groups, { key: 'All', ...report.total }] : [];
  const chart = (report?.groups ?? []).map((g) => ({
    group: g.key ?? 'none',
    ...Object.fromEntries(g.cells.map((c) => [c.bucket, c.openAmount])),
  }));

  return (
    <section className="report" aria-labelledby="aging-title">
      <header className="report__head">
        <h1 id="aging-title">Aging</h1>
        <form className="report__filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Day
            <input
              type="date"
              value={query.asOf}
              onChange={(e) => e.target.value && setQuery({ ...query, asOf: e.target.value })}
              data-testid="aging-day"
            />
          </label>
          <label>
            By
            <select
              value={query.by}
              onChange={(e) => setQuery({ ...query, by: e.target.value as (typeof BY)[number] })}
              data-testid="aging-by"
            >
              {BY.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        </form>
      </header>
      <ReportProblem problem={problem} />
      {report && (
        <>
          <p className="report__note">
            Open at the end of {report.asOf}, in {report.currency}, by days past due. Expected in 30 days = open × the
            share of the ledger&rsquo;s invoices paid in full within 30 days once in that bucket (the year before):{' '}
            <span data-testid="aging-probabilities">
              {report.payWithin30
                .map(
                  (p) =>
                    `${p.bucket} ${p.probability === null ? `– (${p.history} invoices, too few)` : `${Math.round(p.probability * 100)} %`}`,
                )
                .join('; ')}
            </span>
            .
          </p>
          <figure className="report__chart" data-testid="aging-chart">
            <figcaption>Open by days past due</figcaption>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={chart} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="group" />
                <YAxis />
                <Tooltip />
                <Legend />
                {report.buckets.map((bucket, i) => (
                  <Bar key={bucket} dataKey={bucket} stackId="open" fill={COLORS[i]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <DataTable columns={columns} data={rows} className="report-table" testId="aging-table" />
        </>
      )}
    </section>
  );
}
