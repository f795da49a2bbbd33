/**
 * Try the draft being edited (unsaved changes included) on an invoice: one decision with its
 * path highlighted on the canvas, or a timeline of up to 180 days that feeds each step back as
 * history, with the deployment's contact rules applied each day.
 */
import { useState } from 'react';
import { hasErrors } from '@dunwell/engine/policy';
import { type Decision } from '../api';
import { api, errorText, type TimelineDay } from '../api';
import { Field } from '../inspector/fields';
import { currentGraph, useEditor } from '../store';
import { DecisionView } from './DecisionView';
import { type SimulationInput } from '../api';
import { InvoiceForm } from './InvoiceForm';
import { outcomeText } from './outcome';
import { pathOverlay } from './path';
import { PRESETS } from './presets';
import { TimelineCalendar } from './TimelineCalendar';

/** Long enough for a hand-over at +60 or +90 to show; 180 days covers a full half-year of dunning. */
const TIMELINE_LENGTHS = [60, 90, 120, 180] as const;

export function SimulatorPanel() {
  const policy = useEditor((s) => s.policy);
  const blocked = useEditor((s) => hasErrors(s.diagnostics));
  // New steps not connected yet hold errors the Problems list keeps for later: say so.
  const unconnected = useEditor((s) => (hasErrors(s.shownDiagnostics) ? 0 : s.drafting.size));
  const [input, setInput] = useState<SimulationInput>(PRESETS[0]!.request);
  const [preset, setPreset] = useState(PRESETS[0]!.id);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [timeline, setTimeline] = useState<TimelineDay[] | null>(null);
  const [selectedDay, setSelectedDay] = useState<string | undefined>();
  const [error, setError] = useState<{ title: string; details: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [length, setLength] = useState<number>(90);

  if (!policy) return null;

  const highlight = (d: Decision, title: string) => {
    const { edges, setOverlay } = useEditor.getState();
    setOverlay(pathOverlay(d, edges, title));
  };

  const run = async (mode: 'decide' | 'timeline') => {
    setBusy(true);
    setError(null);
    try {
      if (mode === 'decide') {
        const d = await api.simulate(policy.id, input, currentGraph());
        setDecision(d);
        setTimeline(null);
        highlight(d, `${outcomeText(d)} (${input.invoice.id}, ${input.asOf})`);
      } else {
        // The timeline starts at issue with nothing done yet: each day's step becomes the history.
        const { history: _notYet, ...fromIssue } = input;
        const days = await api.simulateTimeline(policy.id, fromIssue, currentGraph(), length);
        setTimeline(days);
        const first = days.find((d) => d.decision.outcome === 'action') ?? days[0];
        if (first) selectDay(first);
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const selectDay = (day: TimelineDay) => {
    setSelectedDay(day.date);
    setDecision(day.decision);
    highlight(day.decision, `${day.date}: ${outcomeText(day.decision)}`);
  };

  const choosePreset = (id: string) => {
    const found = PRESETS.find((p) => p.id === id);
    setPreset(id);
    if (found) setInput(found.request);
  };

  return (
    <div className="simulator" data-testid="simulator">
      <h2 className="panel-title">Simulate the draft</h2>
      <p className="section-hint">Runs what is on the canvas now, saved or not. Nothing is logged.</p>
      <div className="field-row">
        <Field label="Invoice">
          {(id) => (
            <select
              id={id}
              className="input"
              value={preset}
              onChange={(e) => choosePreset(e.target.value)}
              data-testid="sim-preset"
            >
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="As of">
          {(id) => (
            <input
              id={id}
              className="input"
              type="date"
              value={input.asOf}
              onChange={(e) => e.target.value && setInput({ ...input, asOf: e.target.value })}
              data-testid="sim-asof"
            />
          )}
        </Field>
      </div>
      <InvoiceForm value={input} onChange={setInput} />
      <Field label="Timeline length">
        {(id) => (
          <select
            id={id}
            className="input"
            value={length}
            onChange={(e) => setLength(Number(e.target.value))}
            data-testid="sim-length"
          >
            {TIMELINE_LENGTHS.map((n) => (
              <option key={n} value={n}>
                {n} days from issue
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || blocked}
          onClick={() => run('decide')}
          data-testid="sim-run"
        >
          Decide
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || blocked}
          onClick={() => run('timeline')}
          data-testid="sim-timeline"
        >
          Timeline ({length} days)
        </button>
      </div>
      <p className="section-hint">
        The timeline decides every day from the issue date to {length} days later, starting with no steps taken and
        feeding each step back as history; business days, the contact cap and the send window hold steps back as they
        would in a run.
      </p>
      {blocked && (
        <p className="inline-error" data-testid="sim-blocked">
          {unconnected > 0
            ? `Connect the ${unconnected === 1 ? 'new step' : `${unconnected} new steps`} first: a policy with a step nothing leads to cannot decide.`
            : 'Fix the errors in the Problems list first: a policy with errors cannot decide.'}
        </p>
      )}
      {error && (
        <div className="inline-error" role="alert" data-testid="sim-error">
          <strong>{error.title}</strong>
          {error.details.map((d, i) => (
            <div key={i}>{d}</div>
          ))}
        </div>
      )}
      {timeline && (
        <TimelineCalendar days={timeline} dueDate={input.invoice.dueDate} selected={selectedDay} onSelect={selectDay} />
      )}
      {decision && <DecisionView decision={decision} />}
    </div>
  );
}
