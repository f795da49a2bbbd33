/**
 * The cash forecast: expected collections for each of the next weeks with a P10–P90 band, and the
 * same forecast made as many weeks ago set against what came in, with its error (docs/measures.md).
 */
import { useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type CashForecast } from '../api';
import { ReportProblem } from '../ui/ReportProblem';
import { useReport } from '../ui/useReport';

const today = () => new Date().toISOString().slice(0, 10);

export function ForecastPage() {
  const [query, setQuery] = useState({ asOf: today(), weeks: 13 });
  const { report, problem } = useReport(query, api.cashForecast);

  const money = (v: number) =>
    new Intl.NumberFormat('en-GB', {
      style: 'currency',
      currency: report?.currency ?? 'EUR',
      maximumFractionDigits: 0,
    }).format(v);
  const bands = (weeks: CashForecast['forecast']) =>
    weeks.map((w) => ({ week: w.from, expected: w.expected, band: [w.p10, w.p90] as [number, number] }));
  const backtest = report?.backtest;

  return (
    <section className="report" aria-labelledby="forecast-title">
      <header className="report__head">
        <h1 id="forecast-title">Cash forecast</h1>
        <form className="report__filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            From the end of
            <input
              type="date"
              value={query.asOf}
              onChange={(e) => e.target.value && setQuery({ ...query, asOf: e.target.value })}
            />
          </label>
          <label>
            Weeks
            <input
              type="number"
              min={1}
              max={26}
              value={query.weeks}
              onChange={(e) => {
                const weeks = Number(e.target.value);
                if (Number.isInteger(weeks) && weeks >= 1 && weeks <= 26) setQuery({ ...query, weeks });
              }}
            />
          </label>
        </form>
      </header>
      <ReportProblem problem={problem} />
      {report && backtest && (
        <>
          <p className="report__note" data-testid="forecast-total">
            {money(report.forecast.reduce((s, w) => s + w.expected, 0))} expected over {report.weeks} weeks from what is
            open at the end of {report.asOf}, in {report.currency}
            {report.unforecast.invoices > 0
              ? `; ${report.unforecast.invoices} invoices (${money(report.unforecast.openAmount)}) are in aging buckets with too little history to forecast`
              : ''}
            .
          </p>
          <div className="report__charts">
            <figure className="report__chart" data-testid="forecast-chart">
              <figcaption>Expected collections per week, P10–P90</figcaption>
              <ResponsiveContainer width="100%" height={260}>
                <ComposedChart data={bands(report.forecast)} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="week" tick={{ fontSize: 11 }} />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <Area dataKey="band" name="P10–P90" fill="#c7d2fe" stroke="none" isAnimationActive={false} />
                  <Line dataKey="expected" name="Expected" stroke="#4f46e5" strokeWidth={2} isAnimationActive={false} />
                </ComposedChart>
              </ResponsiveContainer>
            </figure>
            <figure className="report__chart" data-testid="forecast-backtest-chart">
              <figcaption>Made on {backtest.origin}: forecast against collected</figcaption>
              <ResponsiveContainer width="100%" height={260}>
                <ComposedChart
                  data={backtest.weeks.map((w) => ({
                    week: w.from,
                    expected: w.expected,
                    band: [w.p10, w.p90],
                    collected: w.collected,
                  }))}
                  margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="week" tick={{ fontSize: 11 }} />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <Area dataKey="band" name="P10–P90" fill="#c7d2fe" stroke="none" isAnimationActive={false} />
                  <Line dataKey="expected" name="Forecast" stroke="#4f46e5" strokeWidth={2} isAnimationActive={false} />
                  <Line
                    dataKey="collected"
                    name="Collected"
                    stroke="#047857"
                    strokeWidth={2}
                    isAnimationActive={false}
                  />
                </ComposedChart>
              </ResponsiveContainer>
            </figure>
          </div>
          <p className="report__note" data-testid="forecast-backtest">
            The forecast made on {backtest.origin} expected {money(backtest.totalExpected)};{' '}
            {money(backtest.totalCollected)} came in (
            {backtest.totalError === null
              ? 'nothing was collected'
              : `${backtest.totalError >= 0 ? '+' : '−'}${Math.abs(backtest.totalError * 100).toFixed(1)} %`}
            ). Mean absolute error per week {money(backtest.meanAbsoluteError)}; collections fell inside the band in{' '}
            {Math.round(backtest.bandCoverage * 100)} % of the weeks.
          </p>
        </>
      )}
    </section>
  );
}
