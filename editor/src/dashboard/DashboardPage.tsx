/**
 * The finance manager's home: where the receivables stand and where collections are going. DSO
 * and ADD over the last six months, what is open today by days past due, the cash expected over
 * the next 13 weeks, the worklist's size and cash at risk, and the running experiments with each arm's share paid within 30 days; each tile
 * leads to its screen.
 */
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api, errorText, type ExperimentReport, type KpiPeriod } from '../api';

const today = () => new Date().toISOString().slice(0, 10);
const monthsAgo = (months: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1)).toISOString().slice(0, 10);
};

type Tile<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; data: T };

/** Loads a tile's data once; a failure stays in its tile. */
function useTile<T>(load: () => Promise<T>): Tile<T> {
  const [tile, setTile] = useState<Tile<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setTile({ state: 'ready', data }),
      (error) => current && setTile({ state: 'failed', message: errorText(error).title }),
    );
    return () => {
      current = false;
    };
    // Each tile loads once, when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return tile;
}

function TileBody<T>({ tile, children }: { tile: Tile<T>; children: (data: T) => React.ReactNode }) {
  if (tile.state === 'loading') return <p className="section-hint">Reading…</p>;
  if (tile.state === 'failed')
    return (
      <p className="report__problem" role="alert">
        {tile.message}
      </p>
    );
  return <>{children(tile.data)}</>;
}

const money = (value: number, currency: string) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);

function KpiTile() {
  const tile = useTile(() => api.kpis({ from: monthsAgo(5), to: today(), interval: 'month' }));
  return (
    <article className="tile tile--wide" aria-labelledby="tile-kpis" data-testid="tile-kpis">
      <h2 id="tile-kpis">
        <Link href="/reports">Days sales outstanding</Link>
      </h2>
      <TileBody tile={tile}>
        {({ periods }: { periods: KpiPeriod[] }) => {
          const last = periods.at(-1);
          return (
            <>
              <p className="tile__figure" data-testid="tile-dso">
                {last?.dso == null ? '–' : `${last.dso.toFixed(1)} days`}
                <span className="tile__note">
                  {' '}
                  this month; {last?.add == null ? '–' : last.add.toFixed(1)} days late on average
                </span>
              </p>
              <ResponsiveContainer width="100%" height={180}>
                <LineChart
                  data={periods.map((p) => ({ month: p.start.slice(0, 7), DSO: p.dso, ADD: p.add }))}
                  margin={{ top: 6, right: 12, bottom: 0, left: -12 }}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" tick={{ fontSize: 11 }} />
                  <YAxis tick={{ fontSize: 11 }} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Line dataKey="DSO" stroke="#4f46e5" strokeWidth={2} isAnimationActive={false} connectNulls />
                  <Line dataKey="ADD" stroke="#b45309" strokeWidth={2} isAnimationActive={false} connectNulls />
                </LineChart>
              </ResponsiveContainer>
            </>
          );
        }}
      </TileBody>
    </article>
  );
}

function AgingTile() {
  const tile = useTile(() => api.aging({ asOf: today(), by: 'segment' }));
  return (
    <article className="tile" aria-labelledby="tile-aging" data-testid="tile-aging">
      <h2 id="tile-aging">
        <Link href="/aging">Aging today</Link>
      </h2>
      <TileBody tile={tile}>
        {(aging) => (
          <>
            <p className="tile__figure" data-testid="tile-aging-open">
              {money(aging.total.openAmount, aging.currency)} open
            </p>
            <ResponsiveContainer width="100%" height={150}>
              <BarChart
                data={aging.total.cells.map((c) => ({ bucket: c.bucket, open: c.openAmount }))}
                margin={{ top: 6, right: 8, bottom: 0, left: 8 }}
              >
                <XAxis dataKey="bucket" tick={{ fontSize: 11 }} />
                <YAxis tick={{ fontSize: 11 }} />
                <Tooltip />
                <Bar dataKey="open" fill="#4f46e5" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </>
        )}
      </TileBody>
    </article>
  );
}

function ForecastTile() {
  const tile = useTile(() => api.cashForecast({ asOf: today(), weeks: 13 }));
  return (
    <article className="tile" aria-labelledby="tile-forecast" data-testid="tile-forecast">
      <h2 id="tile-forecast">
        <Link href="/forecast">Cash, next 13 weeks</Link>
      </h2>
      <TileBody tile={tile}>
        {(f) => (
          <>
            <p className="tile__figure" data-testid="tile-forecast-total">
              {money(
                f.forecast.reduce((s, w) => s + w.expected, 0),
                f.currency,
              )}{' '}
              expected
            </p>
            <ResponsiveContainer width="100%" height={150}>
              <BarChart
                data={f.forecast.map((w) => ({ week: w.from.slice(5), expected: w.expected }))}
                margin={{ top: 6, right: 8, bottom: 0, left: 8 }}
              >
                <XAxis dataKey="week" tick={{ fontSize: 10 }} />
                <YAxis tick={{ fontSize: 11 }} />
                <Tooltip />
                <Bar dataKey="expected" fill="#047857" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </>
        )}
      </TileBody>
    </article>
  );
}

function WorklistTile() {
  const tile = useTile(() => api.worklist({ asOf: today(), limit: 1, offset: 0 }));
  return (
    <article className="tile" aria-labelledby="tile-worklist" data-testid="tile-worklist">
      <h2 id="tile-worklist">
        <Link href="/worklist">Worklist today</Link>
      </h2>
      <TileBody tile={tile}>
        {(w) => (
          <>
            <p className="tile__figure" data-testid="tile-worklist-total">
              {w.total} {w.total === 1 ? 'invoice needs' : 'invoices need'} a person
            </p>
            <p className="tile__note" data-testid="tile-worklist-cash">
              {money(w.totalCashAtRisk, w.currency)} cash at risk
            </p>
          </>
        )}
      </TileBody>
    </article>
  );
}

function ExperimentsTile() {
  const tile = useTile(async () => {
    const items = await api.listExperiments();
    return Promise.all(items.map((e) => api.experiment(e.policyId, e.splitNodeId)));
  });
  return (
    <article className="tile" aria-labelledby="tile-experiments" data-testid="tile-experiments">
      <h2 id="tile-experiments">Experiments</h2>
      <TileBody tile={tile}>
        {(reports: ExperimentReport[]) =>
          reports.length === 0 ? (
            <p className="section-hint">No decision has gone through a split test yet.</p>
          ) : (
            <ul className="tile__list">
              {reports.map((r) => (
                <li key={`${r.policyId}/${r.splitNodeId}`} data-testid={`tile-experiment-${r.splitNodeId}`}>
                  <Link href={`/?policy=${encodeURIComponent(r.policyId)}`}>{r.label}</Link>{' '}
                  <span className="tile__note">({r.policyId})</span>
                  <ul>
                    {r.arms.map((a) => (
                      <li key={a.armId}>
                        {a.label}: {a.invoices} invoices, paid ≤ 30 d{' '}
                        {a.paidWithin30.share === null ? '–' : `${Math.round(a.paidWithin30.share * 100)} %`}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )
        }
      </TileBody>
    </article>
  );
}

export function DashboardPage() {
  return (
    <section className="report" aria-labelledby="dashboard-title">
      <header className="report__head">
        <h1 id="dashboard-title">Dashboard</h1>
      </header>
      <div className="tiles">
        <KpiTile />
        <AgingTile />
        <ForecastTile />
        <WorklistTile />
        <ExperimentsTile />
      </div>
    </section>
  );
}
