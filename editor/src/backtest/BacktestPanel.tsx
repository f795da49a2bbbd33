/**
 * "What will this change do?": the saved draft (or a version) replayed against the active version
 * over the decisions logged in a date range (docs/measures.md). Shows both sides' outcomes,
 * contacts and their cost, contacts per week as a chart, and each decision that differs with both
 * paths explained.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, errorText, type Backtest, type VersionSummary } from '../api';
import { PathSteps } from '../simulator/DecisionView';
import { outcomeText } from '../simulator/outcome';
import { useEditor } from '../store';

const POLL_MS = 500;
const CONTACTS = ['email', 'sms', 'call', 'letter'];
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

type Result = NonNullable<Backtest['result']>;
type Side = Result['candidate'];

function Comparison({ result }: { result: Result }) {
  const { candidate, baseline, costCurrency } = result;
  const money = (v: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: costCurrency }).format(v);
  const rows: Array<[string, (s: Side) => number, (v: number) => string]> = [
    ['Actions', (s) => s.outcomes.action, String],
    ['Waits', (s) => s.outcomes.wait, String],
    ['Stops', (s) => s.outcomes.stop, String],
    ['Contacts', (s) => s.contacts, String],
    ['Contacts per invoice', (s) => s.contactsPerInvoice, (v) => v.toFixed(2)],
    ['Contact cost', (s) => s.contactCost, money],
  ];
  return (
    <table className="report-table backtest__table" data-testid="backtest-table">
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{candidate.label}</th>
          <th scope="col">{baseline.label}</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, read, show]) => {
          const change = read(candidate) - read(baseline);
          return (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{show(read(candidate))}</td>
              <td>{show(read(baseline))}</td>
              <td>{change === 0 ? '–' : `${change > 0 ? '+' : '−'}${show(Math.abs(change))}`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ContactsPerWeek({ result }: { result: Result }) {
  const contacts = (counts: Record<string, number>) => CONTACTS.reduce((sum, c) => sum + (counts[c] ?? 0), 0);
  const weeks = new Map<string, { week: string; candidate: number; baseline: number }>();
  for (const [key, side] of [
    ['candidate', result.candidate],
    ['baseline', result.baseline],
  ] as const) {
    for (const { week, counts } of side.actionMix) {
      const row = weeks.get(week) ?? { week, candidate: 0, baseline: 0 };
      row[key] = contacts(counts);
      weeks.set(week, row);
    }
  }
  const data = [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
  return (
    <figure className="backtest__chart" data-testid="backtest-chart">
      <figcaption>Contacts per week</figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="week" tick={{ fontSize: 10 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 10 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Line
            dataKey="candidate"
            name={result.candidate.label}
            stroke="#4f46e5"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="baseline"
            name={result.baseline.label}
            stroke="#64748b"
            dot={false}
            strokeDasharray="4 3"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

function Differences({ result }: { result: Result }) {
  const { differing, candidate, baseline } = result;
  if (differing.count === 0) {
    return <p className="section-hint">No decision differs.</p>;
  }
  return (
    <>
      <p className="section-hint" data-testid="backtest-differing">
        {differing.count} of {result.decisions} decisions differ, on {differing.invoices} invoices
        {differing.count > differing.items.length ? `; the first ${differing.items.length} are shown` : ''}.
      </p>
      <ul className="backtest__differences">
        {differing.items.map((d) => (
          <li key={d.decisionId}>
            <details>
              <summary>
                <strong>{d.invoiceId}</strong> on {d.asOf.slice(0, 10)}: {baseline.label} {outcomeText(d.baseline)} →{' '}
                {candidate.label} {outcomeText(d.candidate)}
              </summary>
              <h4>With {candidate.label}</h4>
              <PathSteps path={d.candidate.path} />
              <h4>With {baseline.label}</h4>
              <PathSteps path={d.baseline.path} />
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}

export function BacktestPanel() {
  const policy = useEditor((s) => s.policy);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [form, setForm] = useState({ candidate: 'draft', baseline: '', from: daysAgo(27), to: daysAgo(0) });
  const [backtest, setBacktest] = useState<Backtest | null>(null);
  const [problem, setProblem] = useState<{ title: string; details: string[] } | null>(null);

  useEffect(() => {
    if (!policy) return;
    let current = true;
    api.listVersions(policy.id).then(
      (items) => {
        if (!current) return;
        setVersions([...items].sort((a, b) => b.version - a.version));
        const active = items.find((v) => v.active) ?? items[0];
        setForm((f) => ({ ...f, baseline: active ? String(active.version) : '' }));
      },
      (error) => current && setProblem(errorText(error)),
    );
    return () => {
      current = false;
    };
  }, [policy]);

  // A running backtest is asked after until it is done or failed.
  useEffect(() => {
    if (!policy || !backtest || backtest.status !== 'running') return;
    const timer = setTimeout(() => {
      api.getBacktest(policy.id, backtest.id).then(setBacktest, (error) => setProblem(errorText(error)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [policy, backtest]);

  if (!policy) return null;
  if (versions.length === 0) {
    return <p className="section-hint">Publish a first version: a backtest compares with one.</p>;
  }

  const run = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setBacktest(null);
    try {
      const candidate = form.candidate === 'draft' ? ('draft' as const) : Number(form.candidate);
      setBacktest(
        await api.startBacktest(policy.id, {
          candidate,
          baseline: Number(form.baseline),
          from: form.from,
          to: form.to,
        }),
      );
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const label = (v: VersionSummary) => `v${v.version}${v.active ? ' (active)' : ''}`;

  return (
    <div className="backtest" data-testid="backtest-panel">
      <h2 className="panel-title">Backtest</h2>
      <p className="section-hint">
        What will this change do? The decisions logged in a date range, decided again with both, from the facts each one
        saw.
      </p>
      <form className="backtest__form" onSubmit={(e) => void run(e)}>
        <label>
          Try
          <select value={form.candidate} onChange={set('candidate')} data-testid="backtest-candidate">
            <option value="draft">Saved draft</option>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {label(v)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Against
          <select value={form.baseline} onChange={set('baseline')} data-testid="backtest-baseline">
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {label(v)}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" required value={form.from} onChange={set('from')} data-testid="backtest-from" />
        </label>
        <label>
          To
          <input type="date" required value={form.to} onChange={set('to')} data-testid="backtest-to" />
        </label>
        <button
          type="submit"
          className="button button--primary"
          disabled={backtest?.status === 'running'}
          data-testid="backtest-run"
        >
          Run backtest
        </button>
      </form>
      {problem && (
        <div className="report__problem" role="alert">
          {problem.title}
        </div>
      )}
      {backtest?.status === 'running' && (
        <p role="status" aria-live="polite">
          Replaying {backtest.progress.done} of {backtest.progress.total} decisions…
        </p>
      )}
      {backtest?.status === 'failed' && (
        <div className="report__problem" role="alert">
          {backtest.error?.message ?? 'The backtest failed'}
        </div>
      )}
      {backtest?.result && (
        <section aria-label="Backtest result" data-testid="backtest-result">
          <p className="section-hint">
            {backtest.result.decisions} decisions on {backtest.result.invoices} invoices, {backtest.request.from} to{' '}
            {backtest.request.to}.
          </p>
          <Comparison result={backtest.result} />
          <ContactsPerWeek result={backtest.result} />
          <Differences result={backtest.result} />
        </section>
      )}
    </div>
  );
}
