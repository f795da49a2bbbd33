/**
 * The KPI report: DSO, best possible DSO and ADD per month or quarter as a chart, CEI beside them,
 * and every figure in a table (docs/measures.md). Charts by recharts, the table by ui/DataTable.
 */
import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type KpiPeriod, type KpiQuery } from '../api';
import { ReportProblem } from '../ui/ReportProblem';
import { useReport } from '../ui/useReport';
import { DataTable, type Column } from '../ui/DataTable';
import { SEGMENTS } from '@dunwell/engine/policy';

const days = (v: number | null) => (v === null ? '–' : v.toFixed(1));
const percent = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} %`);
const monthsAgo = (months: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1)).toISOString().slice(0, 10);
};
const today = () => new Date().toISOString().slice(0, 10);

function columnsFor(currency: string): Array<Column<KpiPeriod>> {
  const money = (v: number) =>
    new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(v);
  return [
    { id: 'period', header: 'Period', accessorFn: (p) => `${p.start} – ${p.end}` },
    { accessorKey: 'beginningAr', header: 'AR at start', cell: (c) => money(c.getValue() as number) },
    { accessorKey: 'creditSales', header: 'Credit sales', cell: (c) => money(c.getValue() as number) },
    { accessorKey: 'endingAr', header: 'AR at end', cell: (c) => money(c.getValue() as number) },
    { accessorKey: 'endingCurrentAr', header: 'of it not yet due', cell: (c) => money(c.getValue() as number) },
    { accessorKey: 'dso', header: 'DSO (days)', cell: (c) => days(c.getValue() as number | null) },
    { accessorKey: 'bestPossibleDso', header: 'Best possible DSO', cell: (c) => days(c.getValue() as number | null) },
    { accessorKey: 'add', header: 'ADD (days late)', cell: (c) => days(c.getValue() as number | null) },
    { accessorKey: 'cei', header: 'CEI', cell: (c) => percent(c.getValue() as number | null) },
  ];
}

function KpiTable({ periods, currency }: { periods: KpiPeriod[]; currency: string }) {
  const columns = useMemo(() => columnsFor(currency), [currency]);
  return <DataTable columns={columns} data={periods} className="report-table" testId="kpi-table" />;
}

export function KpiPage() {
  const [query, setQuery] = useState<KpiQuery>({ from: monthsAgo(11), to: today(), interval: 'month' });
  const { report, problem } = useReport(query, api.kpis);

  const chart = (report?.periods ?? []).map((p) => ({
    period: p.start.slice(0, 7),
    DSO: p.dso,
    'Best possible DSO': p.bestPossibleDso,
    ADD: p.add,
    CEI: p.cei,
  }));

  return (
    <section className="report" aria-labelledby="kpi-title">
      <header className="report__head">
        <h1 id="kpi-title">Collection KPIs</h1>
        <form className="report__filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            From
            <input
              type="date"
              value={query.from}
              onChange={(e) => e.target.value && setQuery({ ...query, from: e.target.value })}
              data-testid="kpi-from"
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={query.to}
              onChange={(e) => e.target.value && setQuery({ ...query, to: e.target.value })}
              data-testid="kpi-to"
            />
          </label>
          <label>
            By
            <select
              value={query.interval}
              onChange={(e) => setQuery({ ...query, interval: e.target.value as KpiQuery['interval'] })}
            >
              <option value="month">month</option>
              <option value="quarter">quarter</option>
            </select>
          </label>
          <label>
            Segment
            <select
              value={query.segment ?? ''}
              onChange={(e) => setQuery({ ...query, segment: (e.target.value || undefined) as KpiQuery['segment'] })}
            >
              <option value="">all</option>
              {SEGMENTS.map((s) => (
                <option key={s} value={s}>
                  {s.replace('_', ' ')}
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
            Amounts in {report.currency}. DSO = AR at the end ÷ credit sales × days; best possible DSO counts only what
            is not yet due; ADD is the difference; CEI is the share of what could be collected that was.
          </p>
          <div className="report__charts">
            <figure className="report__chart" data-testid="kpi-chart">
              <figcaption>Days sales outstanding</figcaption>
              <ResponsiveContainer width="100%" height={260}>
                <LineChart data={chart} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ee" />
                  <XAxis dataKey="period" />
                  <YAxis unit=" d" />
                  <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : '–')} />
                  <Legend />
                  <Line type="monotone" dataKey="DSO" stroke="#4f46e5" strokeWidth={2} connectNulls />
                  <Line type="monotone" dataKey="Best possible DSO" stroke="#059669" strokeWidth={2} connectNulls />
                  <Line type="monotone" dataKey="ADD" stroke="#dc2626" strokeWidth={2} connectNulls />
                </LineChart>
              </ResponsiveContainer>
            </figure>
            <figure className="report__chart">
              <figcaption>Collection effectiveness (CEI)</figcaption>
              <ResponsiveContainer width="100%" height={260}>
                <LineChart data={chart} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ee" />
                  <XAxis dataKey="period" />
                  <YAxis unit=" %" domain={[0, 'auto']} />
                  <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)} %` : '–')} />
                  <Line type="monotone" dataKey="CEI" stroke="#c026d3" strokeWidth={2} connectNulls />
                </LineChart>
              </ResponsiveContainer>
            </figure>
          </div>
          <KpiTable periods={report.periods} currency={report.currency} />
        </>
      )}
    </section>
  );
}
