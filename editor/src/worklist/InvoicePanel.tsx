/**
 * One worklist invoice opened: what the collector got, recorded in a form (a promise with date and
 * amount, a dispute with its reason, a payment, no answer); then the latest decision explained and
 * the invoice's timeline. Recording writes the ledger and decides the invoice again.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type CollectorOutcome, type Decision, type TimelineEvent, type WorklistItem } from '../api';
import { DecisionView } from '../simulator/DecisionView';
import { outcomeText } from '../simulator/outcome';

type Kind = CollectorOutcome['kind'];
const KINDS: Array<{ kind: Kind; label: string }> = [
  { kind: 'promise', label: 'Promise to pay' },
  { kind: 'dispute', label: 'Dispute' },
  { kind: 'paid', label: 'Paid' },
  { kind: 'no_answer', label: 'No answer' },
];

interface Form {
  kind: Kind;
  on: string;
  promisedDate: string;
  amount: string;
  reason: string;
}

/** The form as the API takes it; an empty amount means the whole open amount. */
function outcomeOf(f: Form): CollectorOutcome {
  const amount = f.amount.trim() === '' ? undefined : Number(f.amount);
  switch (f.kind) {
    case 'promise':
      return { kind: 'promise', on: f.on, promisedDate: f.promisedDate, amount };
    case 'dispute':
      return { kind: 'dispute', on: f.on, reason: f.reason };
    case 'paid':
      return { kind: 'paid', on: f.on, amount };
    case 'no_answer':
      return { kind: 'no_answer', on: f.on };
  }
}

export function InvoicePanel({ item, day, onRecorded }: { item: WorklistItem; day: string; onRecorded: () => void }) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [form, setForm] = useState<Form>({ kind: 'promise', on: day, promisedDate: '', amount: '', reason: '' });
  const [result, setResult] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ title: string; details: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    Promise.all([api.getDecision(item.decision.decisionId), api.timeline(item.invoiceId)]).then(
      ([logged, story]) => {
        if (!current) return;
        setDecision(logged.decision);
        setEvents(story);
      },
      (error) => current && setProblem(errorText(error)),
    );
    return () => {
      current = false;
    };
  }, [item]);

  const record = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const recorded = await api.recordOutcome(item.invoiceId, outcomeOf(form));
      const label = KINDS.find((k) => k.kind === recorded.kind)!.label;
      setResult(`${label} recorded. Decided again: ${outcomeText(recorded.decision)}`);
      setDecision(recorded.decision);
      setEvents(await api.timeline(item.invoiceId));
      onRecorded();
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  return (
    <aside
      className="log__detail worklist__detail"
      aria-label={`Invoice ${item.invoiceId}`}
      data-testid="worklist-detail"
    >
      <h2>
        {item.invoiceId} · {item.accountName ?? item.accountId}
      </h2>
      <form className="outcome-form" onSubmit={(e) => void record(e)} aria-label="Record what happened">
        <fieldset>
          <legend>What happened</legend>
          {KINDS.map(({ kind, label }) => (
            <label key={kind} className="outcome-form__kind">
              <input
                type="radio"
                name="outcome-kind"
                value={kind}
                checked={form.kind === kind}
                onChange={() => setForm({ ...form, kind })}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          On
          <input type="date" required value={form.on} onChange={set('on')} />
        </label>
        {form.kind === 'promise' && (
          <label>
            Promised for
            <input type="date" required min={form.on} value={form.promisedDate} onChange={set('promisedDate')} />
          </label>
        )}
        {(form.kind === 'promise' || form.kind === 'paid') && (
          <label>
            Amount ({item.currency})
            <input
              type="number"
              min={0.01}
              step={0.01}
              value={form.amount}
              onChange={set('amount')}
              placeholder={`${item.openAmount} (all still owed)`}
            />
          </label>
        )}
        {form.kind === 'dispute' && (
          <label>
            Reason
            <input required value={form.reason} onChange={set('reason')} placeholder="Goods damaged" />
          </label>
        )}
        <button type="submit" className="button button--primary" disabled={busy} data-testid="outcome-record">
          Record
        </button>
      </form>
      {result && (
        <p className="outcome-form__result" role="status" data-testid="outcome-result">
          {result}
        </p>
      )}
      {problem && (
        <div className="report__problem" role="alert">
          {problem.title}
          {problem.details.length > 0 && (
            <ul>
              {problem.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {decision && (
        <section aria-label="Latest decision">
          <h3>Latest decision</h3>
          <DecisionView decision={decision} />
        </section>
      )}
      <section aria-label="Timeline">
        <h3>Timeline</h3>
        <ol className="worklist__timeline" data-testid="worklist-timeline">
          {events.map((event, i) => (
            <li key={`${event.kind}-${event.id ?? ''}-${i}`}>
              <time>{event.at.slice(0, 10)}</time> {event.summary}
            </li>
          ))}
        </ol>
      </section>
    </aside>
  );
}
