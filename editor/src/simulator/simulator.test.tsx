// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { factLabel, FACTS } from '@dunwell/engine/policy';
import { type Decision } from '../api';
import { type TimelineDay } from '../api';
import { useEditor } from '../store';
import { loadPolicy } from '../test-utils';
import { DecisionView } from './DecisionView';
import { pathOverlay } from './path';
import { SimulatorPanel } from './SimulatorPanel';
import { TimelineCalendar } from './TimelineCalendar';
import { stopSpec } from '../nodes/stop';

const decision = (overrides: Partial<Decision> = {}): Decision => ({
  decisionId: 'd1',
  invoiceId: 'INV-1',
  accountId: 'ACME',
  asOf: '2026-03-15T00:00:00.000Z',
  outcome: 'action',
  action: { type: 'email', template: 'reminder-2', level: 2, priority: 'normal', step: 'email-2', occurrence: 1 },
  nextReviewAt: '2026-03-20',
  policy: { id: 'p', version: 0, contentHash: 'h' },
  models: [],
  scores: {
    lateProbability: 0.554334,
    payDateP10: 19.8284,
    predictedPayDate: '2026-03-20',
    payDateRange: ['2026-03-12', '2026-04-02'],
  },
  dryRun: true,
  explanation: {
    terminal: 'mail',
    missingFacts: ['lateRate'],
    overrides: [],
    modelWarnings: [],
    topFeatures: [{ feature: 'avgDaysLate', contribution: 0.12 }],
    path: [
      { nodeId: 'start', kind: 'start', handle: 'next' },
      {
        nodeId: 'late',
        kind: 'condition',
        handle: 'yes',
        conditions: [
          {
            fact: 'daysPastDue',
            operator: 'greaterThanInclusive',
            value: 7,
            factValue: 12,
            missing: false,
            result: true,
          },
        ],
      },
      { nodeId: 'mail', kind: 'action' },
    ],
  },
  ...overrides,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('simulator', () => {
  it('explains a decision: outcome, each condition with the fact value it saw, missing facts, scores', () => {
    render(<DecisionView decision={decision()} />);
    expect(screen.getByTestId('decision-outcome').textContent).toBe('Email: reminder-2, level 2');
    expect(screen.getByRole('row').textContent).toBe('Days past due ≥ 712✓');
    expect(screen.getByText(/Missing facts: Late rate/)).toBeTruthy();
    // Scores with their units: a probability in percent, days as days, dates as dates.
    expect(screen.getByText('Late-payment probability').nextSibling?.textContent).toBe('55.4%');
    expect(screen.getByText('Early pay date (P10, days from issue)').nextSibling?.textContent).toBe('19.8 days');
    expect(screen.getByText('Predicted pay date').nextSibling?.textContent).toBe('20 Mar 2026');
    expect(screen.getByText('Pay date range (P10 – P90)').nextSibling?.textContent).toBe('12 Mar 2026 – 2 Apr 2026');
    expect(screen.getByText('Average days late').nextSibling?.textContent).toBe('+12%');
  });

  it('shows an amount in the reporting currency in the invoice currency too, with the rate', () => {
    const base = decision().explanation;
    render(
      <DecisionView
        decision={decision({
          explanation: {
            ...base,
            reporting: { from: 'JPY', to: 'EUR', rate: 0.0061 },
            path: [
              {
                nodeId: 'big',
                kind: 'condition',
                handle: 'no',
                conditions: [
                  {
                    fact: 'reportingOpenAmount',
                    operator: 'greaterThan',
                    value: 50000,
                    factValue: 366,
                    missing: false,
                    result: false,
                  },
                ],
              },
            ],
          },
        })}
      />,
    );
    expect(screen.getByRole('row').textContent).toBe(
      'Open amount in the reporting currency > 50,000366 EUR (60,000 JPY)✗',
    );
    expect(screen.getByTestId('decision-reporting').textContent).toBe(
      'Amounts in the reporting currency at 1 JPY = 0.0061 EUR.',
    );
  });

  it('folds the model input warnings into one line that names the inputs, details on demand', () => {
    const modelWarnings = [
      {
        model: 'risk, payment-date',
        feature: 'currency',
        message: 'currency JPY was not seen in training; the model scored it as none of EUR, USD',
      },
      {
        model: 'risk',
        feature: 'logAmount',
        message:
          'logAmount = 15.000 is outside the training range [2.000, 12.000]; the model used the nearest value in range',
      },
    ];
    const { container } = render(
      <DecisionView decision={decision({ explanation: { ...decision().explanation, modelWarnings } })} />,
    );
    const details = container.querySelector('details.decision__warnings')!;
    expect(details.hasAttribute('open')).toBe(false);
    expect(details.querySelector('summary')!.textContent).toMatch(/^2 model inputs to check: .*Currency/);
    expect(details.querySelectorAll('li')).toHaveLength(2);
    expect(details.querySelector('li')!.textContent).toContain('currency JPY was not seen in training');
  });

  it('shows no warning line when the model inputs are all fine', () => {
    const { container } = render(<DecisionView decision={decision()} />);
    expect(container.querySelector('details.decision__warnings')).toBeNull();
  });

  it('highlights the path’s nodes and the edges it took', () => {
    const edges = [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'late' },
      { id: 'e2', source: 'late', sourceHandle: 'yes', target: 'mail' },
      { id: 'e3', source: 'late', sourceHandle: 'no', target: 'halt' },
    ];
    const overlay = pathOverlay(decision(), edges, 't');
    expect([...overlay.nodes]).toEqual(['start', 'late', 'mail']);
    expect([...overlay.edges]).toEqual(['e1', 'e2']);
  });

  it('draws the timeline as a calendar and lists the steps fired', async () => {
    const days: TimelineDay[] = ['2026-03-01', '2026-03-02', '2026-03-03'].map((date, day) => ({
      day,
      date,
      decision: day === 1 ? decision() : decision({ outcome: 'wait', action: undefined, reviewAt: '2026-03-10' }),
    }));
    const onSelect = vi.fn();
    render(<TimelineCalendar days={days} dueDate="2026-03-03" onSelect={onSelect} />);
    expect(screen.getByTestId('day-2026-03-02').className).toContain('calendar__day--action');
    expect(screen.getByTestId('day-2026-03-03').className).toContain('is-due');
    expect(screen.getByTestId('timeline-fired').textContent).toContain('2 Mar Email: reminder-2, level 2');
    await userEvent.setup().click(screen.getByTestId('day-2026-03-01'));
    expect(onSelect).toHaveBeenCalledWith(days[0]);
  });

  it('says why the contact rules held a step back or moved it, on the calendar and in the list', () => {
    const weekend = '2026-03-07 is a weekend: no contact until the next business day, 2026-03-09';
    const window = 'Sent when the send window opens (08:00–18:00 Europe/London): 2026-03-09T08:00:00.000Z';
    const days: TimelineDay[] = [
      {
        day: 0,
        date: '2026-03-07',
        decision: decision({
          outcome: 'wait',
          action: undefined,
          reason: 'not_business_day',
          reviewAt: '2026-03-09',
          explanation: { ...decision().explanation, overrides: [{ rule: 'not_business_day', message: weekend }] },
        }),
      },
      {
        day: 2,
        date: '2026-03-09',
        decision: decision({
          explanation: { ...decision().explanation, overrides: [{ rule: 'send_window', message: window }] },
        }),
      },
    ];
    render(<TimelineCalendar days={days} dueDate="2026-03-01" onSelect={vi.fn()} />);
    const held = screen.getByTestId('day-2026-03-07');
    expect(held.className).toContain('is-held');
    expect(held.textContent).toContain('day off');
    expect(held.className).toContain('is-weekend');
    expect(held.getAttribute('title')).toBe(`2026-03-07 (day 0): Wait until 2026-03-09 (${weekend})`);
    expect(screen.getByTestId('day-2026-03-09').className).not.toContain('is-held');
    expect(screen.getByTestId('timeline-fired').textContent).toContain(`Email: reminder-2, level 2 (${window})`);
  });

  it('marks a repeated step with the time it is taken, and a step the weekly cap held back', () => {
    const cap =
      'The account was contacted 2 times in the 7 days to 2026-03-10: the next contact is allowed on 2026-03-12';
    const days: TimelineDay[] = [
      {
        day: 9,
        date: '2026-03-10',
        decision: decision({
          outcome: 'wait',
          action: undefined,
          reason: 'contact_cap',
          reviewAt: '2026-03-12',
          explanation: { ...decision().explanation, overrides: [{ rule: 'contact_cap', message: cap }] },
        }),
      },
      {
        day: 11,
        date: '2026-03-12',
        decision: decision({ action: { ...decision().action!, occurrence: 2 } }),
      },
    ];
    render(<TimelineCalendar days={days} dueDate="2026-03-01" onSelect={vi.fn()} />);
    expect(screen.getByTestId('day-2026-03-10').textContent).toContain('cap');
    expect(screen.getByTestId('day-2026-03-12').textContent).toContain('Email ×2');
  });

  it('reads a stop in the words its reason was written in, with the code known otherwise', () => {
    render(
      <DecisionView
        decision={decision({
          outcome: 'stop',
          action: undefined,
          reason: 'sent_to_collector',
          reasonLabel: 'Sent to collector',
        })}
      />,
    );
    expect(screen.getByTestId('decision-outcome').textContent).toBe('Stop: Sent to collector');
    cleanup();
    render(<DecisionView decision={decision({ outcome: 'stop', action: undefined, reason: 'promise_active' })} />);
    expect(screen.getByTestId('decision-outcome').textContent).toBe('Stop: promise active');
  });

  it('says a new step must be connected before simulating, when that is all that stands in the way', () => {
    loadPolicy({
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'halt', kind: 'stop', reason: 'paid' },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'halt' }],
    });
    act(() => {
      useEditor.getState().addNode(stopSpec, { x: 0, y: 200 });
    });
    render(<SimulatorPanel />);
    expect(screen.getByTestId('sim-blocked').textContent).toBe(
      'Connect the new step first: a policy with a step nothing leads to cannot decide.',
    );
    expect((screen.getByTestId('sim-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('can set every input a catalogue fact is made of, in groups folded until opened', () => {
    loadPolicy({ nodes: [{ id: 'start', kind: 'start' }], edges: [] });
    render(<SimulatorPanel />);
    const groups = ['sim-group-invoice', 'sim-group-account', 'sim-group-history'].map((id) => screen.getByTestId(id));
    expect(groups.map((g) => (g as HTMLDetailsElement).open)).toEqual([false, false, false]);
    const labels = new Set([...document.querySelectorAll('.sim-form label')].map((l) => l.textContent!.trim()));
    // Facts derived from a date or another input are set through it.
    const setThrough: Record<string, string> = {
      currency: 'Currency',
      // With the stored exchange rates (a setting, not part of the invoice).
      reportingAmount: factLabel('amount'),
      reportingOpenAmount: factLabel('openAmount'),
      daysPastDue: 'Due',
      daysSinceIssue: 'Issued',
      termsDays: 'Due',
      promiseActive: 'Promised payment date',
      promiseBroken: 'Promised payment date',
      creditUtilization: factLabel('creditLimit'),
      tenureDays: 'Customer since',
      daysSinceLastPayment: 'Last payment on',
      daysSinceLastAction: 'Last step on',
    };
    const unset = FACTS.filter((f) => f.group !== 'model')
      .map((f) => setThrough[f.name] ?? f.label)
      .filter((label) => !labels.has(label));
    expect(unset).toEqual([]);
  });

  it('simulates the graph on the canvas and shows the API’s error when it fails', async () => {
    loadPolicy({
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'halt', kind: 'stop', reason: 'paid' },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'halt' }],
    });
    const fetch = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              code: 'unprocessable_request',
              message: 'the decision date is before the invoice was issued',
              issues: [],
            },
          }),
          { status: 422 },
        ),
    );
    vi.stubGlobal('fetch', fetch);
    render(<SimulatorPanel />);
    await userEvent.setup().click(screen.getByTestId('sim-run'));
    expect((await screen.findByTestId('sim-error')).textContent).toContain(
      'the decision date is before the invoice was issued',
    );
    const body = await (fetch.mock.calls[0] as unknown as [Request])[0].json();
    expect(body.graph.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'halt']);
    expect(body.invoice.id).toBe('INV-2041');
    expect(useEditor.getState().overlay.kind).toBe('none');
  });
});
