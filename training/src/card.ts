/** The model card: what the model does, on what data, how well, and its limits, for a finance reader. */
import { type ModelManifest, type PointMetrics } from '@dunwell/engine/models';
import { shareInterval } from './metrics';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const num = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

type MetricSet = NonNullable<ModelManifest['metrics']['test']>;
type AtPoint = Omit<PointMetrics, 'point' | 'rows' | 'coldStart'>;

/** The range the P10–P90 coverage must fall in out of time for the intervals to mean 80%. */
export const COVERAGE_RANGE = [0.78, 0.82] as const;
const COVERAGE_TARGET = 0.8;
export const coverageOk = (coverage: number) => coverage >= COVERAGE_RANGE[0] && coverage <= COVERAGE_RANGE[1];

const SCORES: Record<keyof AtPoint, { title: string; columns: string[] }> = {
  lateProbability: { title: 'Paid after the due date (`lateProbability`)', columns: ['auc', 'brier', 'logLoss'] },
  payWithin30Probability: {
    title: 'Paid within 30 days (`payWithin30Probability`)',
    columns: ['auc', 'brier', 'logLoss'],
  },
  remainingDays: { title: 'Days left to payment (P10, P50, P90)', columns: ['mae', 'rmse', 'p10p90Coverage'] },
};

const BASELINE_WORDS: Record<string, string> = {
  openAtPoint: 'the rate (or typical days left) of training invoices still open at the same point',
  dueDate:
    'the due date: paid on it, or for the 30-day chance, the rate among training invoices whose due date was as near',
  accountHistory: 'the customer\u2019s own history so far (late rate, or the due date moved by its average delay)',
};

function metricsTable(metrics: MetricSet, columns: string[]): string {
  const m = metrics as unknown as Record<string, number> & { baselines: Record<string, Record<string, number>> };
  const rows = [['this model', m], ...Object.entries(m.baselines)] as Array<[string, Record<string, number>]>;
  const verdicts = metrics.verdicts ?? {};
  return [
    `| | ${columns.join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...rows.map(([name, r]) => `| ${name} | ${columns.map((c) => num(r[c]!)).join(' | ')} |`),
    `| **verdict** | ${columns.map((c) => (verdicts[c] ? `${verdicts[c].verdict} ${verdicts[c].baseline}` : '')).join(' | ')} |`,
  ].join('\n');
}

/**
 * A flag for an interval coverage outside COVERAGE_RANGE, with its 95% interval over the invoices
 * it was measured on: on a few dozen, chance alone can carry a sound range outside.
 */
export function coverageFlag(coverage: number, rows: number): string | null {
  if (coverageOk(coverage)) return null;
  const [low, high] = shareInterval(coverage, rows);
  const chance =
    low <= COVERAGE_TARGET && COVERAGE_TARGET <= high
      ? `${rows} invoices cannot tell it from ${COVERAGE_TARGET.toFixed(2)}`
      : `more than chance over ${rows} invoices`;
  return `P10\u2013P90 coverage ${num(coverage)} is outside ${COVERAGE_RANGE[0]}\u2013${COVERAGE_RANGE[1]}: the ranges are too ${coverage < COVERAGE_RANGE[0] ? 'narrow' : 'wide'} out of time (95% interval ${num(low, 2)}\u2013${num(high, 2)}: ${chance})`;
}

/** One line per metric: the model against the best baseline, in words. */
function verdictLines(points: PointMetrics[]): string[] {
  return points.flatMap((p) =>
    (Object.keys(SCORES) as Array<keyof AtPoint>).flatMap((score) => {
      const set = p[score];
      if (!set) return [];
      const verdicts = Object.entries(set.verdicts ?? {}).map(
        ([metric, v]) =>
          `${metric} ${num((set as unknown as Record<string, number>)[metric]!)} **${v.verdict}** ${v.baseline} (${num(v.difference)}, 95% ${num(v.interval[0])} to ${num(v.interval[1])})`,
      );
      const flag =
        score === 'remainingDays' && p.remainingDays
          ? coverageFlag(p.remainingDays.p10p90Coverage, p.remainingDays.rows)
          : null;
      return [
        `- Open at ${p.point}, ${SCORES[score].title}: ${verdicts.join('; ')}${flag ? `. **Flag:** ${flag}` : ''}`,
      ];
    }),
  );
}

/** What the sanity checks found and what was repaired, in words for the card. */
const LOADING_CHECKS: Record<string, string> = {
  dueBeforeIssue: 'a due date before the issue date (kept)',
  paidBeforeIssue: 'a payment before the issue date (kept)',
  duplicateIds: 'an invoice id seen before (skipped)',
};
const LOADING_REPAIRS: Record<string, string> = { amountSeparators: 'amounts written with thousands separators' };

export function modelCard(m: ModelManifest, plots: string[], predictionsFile: string | null): string {
  const risk = m.name === 'risk';
  const trees = m.architecture.kind.startsWith('gradient-boosted');
  const idle = m.features.filter((f) => f.informative === false).map((f) => f.name);
  const lines = [
    `# ${risk ? 'Late-payment risk' : 'Payment date'} model, version ${m.version}`,
    '',
    risk
      ? 'Estimates, for an invoice still open on the scoring date (`asOf`), the probability that it is paid **after its due date** (`lateProbability`; 1 once the due date has passed unpaid) and the probability that it is paid **within the next 30 days** (`payWithin30Probability`), from the invoice, how long it has been open, and the customer\u2019s payment history as known on that date.'
      : 'Estimates **when** an invoice still open on the scoring date (`asOf`) will be paid, in days from its issue date: an early (P10), a central (P50) and a late (P90) estimate, none before `asOf`. Dunwell exposes them as `payDateP10`, `predictedDaysToPay`, `payDateP90`, and `predictedDaysLate` = max(0, P50 \u2212 terms).',
    `It is trained on each ${risk ? 'invoice' : 'paid invoice'} as seen on several days while it was open (its issue date, 14 and 7 days before its due date, on it, and 7, 15, 30, 45, 60 and 90 days after it), with the customer\u2019s history as known on each of those days.${risk ? ' An invoice still open at the cutoff counts with the outcomes already decided then; an outcome counts only once the days that decide it were over before the cutoff.' : ''}`,
    '',
    '## Data',
    `- Source: ${m.data.source} (mapping \`${m.data.mapping}\`). ${m.data.provenance}`,
    `- ${m.data.rows} invoices from ${m.data.accounts} accounts, issued ${m.data.issueDateRange[0]} to ${m.data.issueDateRange[1]}; of those paid, ${pct(m.data.lateRate)} were paid late, on average ${m.data.meanDaysToPay.toFixed(1)} days after issue. Seen while open, they give ${m.data.examples} examples; an invoice not paid by the end of the data (or, for training, by the cutoff) counts with the outcomes already decided: late once open past its due date, not paid within 30 days once those days are over.`,
    ...(m.data.dunning
      ? [
          `- Dunning from the ledger: ${m.data.dunning.steps} steps taken and ${m.data.dunning.promises} promises to pay, on ${m.data.dunning.invoices} invoices. Each example knows the steps taken before its day and the latest promise made by it (\`logStepsTaken\`, \`promiseActive\`, \`promiseBroken\`), as decide reads them.`,
        ]
      : []),
    ...(m.data.loading
      ? [
          `- Loading the file: ${m.data.loading.rows} rows, ${m.data.loading.skipped} skipped, ${m.data.loading.suspect} kept but suspect` +
            Object.entries(m.data.loading.checks)
              .filter(([, n]) => n > 0)
              .map(([why, n]) => `; ${n} with ${LOADING_CHECKS[why] ?? why}`)
              .join('') +
            Object.entries(m.data.loading.repaired)
              .filter(([, n]) => n > 0)
              .map(([what, n]) => `; ${n} repaired (${LOADING_REPAIRS[what] ?? what})`)
              .join('') +
            '.',
        ]
      : []),
    m.split.cutoff
      ? `- Out-of-time evaluation: trained on invoices issued before **${m.split.cutoff}** whose payment was known by then (${m.split.trainRows} for fitting, the latest ${m.split.validationRows} for early stopping and ${risk ? 'calibration' : 'calibrating the P10\u2013P90 ranges'}), tested on the ${m.split.testRows} invoices issued on or after it.`
      : '- No cutoff: every invoice was used for training, so this file carries no test metrics of its own.',
    '',
    '## Verdicts',
  ];
  const points = m.metrics.asOf;
  if (points.length > 0) {
    lines.push(
      'Each metric against the best baseline on it, with the difference (model minus baseline) and its 95% paired-bootstrap interval over the test invoices: **beats** or **loses** when the interval excludes 0, **ties** otherwise.',
      '',
      ...verdictLines(points),
      '',
      '## How well it works, by point (test set, out of time)',
      risk
        ? 'AUC: how well it ranks (0.5 is a coin toss, 1 is perfect; n/a when every invoice had the same outcome, so there was nothing to rank). Brier score and log loss: how close the probabilities are to what happened (lower is better).'
        : 'Days left from the point to payment. MAE: average error of the central estimate in days. RMSE: the same, punishing big misses more. Coverage: share of invoices paid within the dates shown from P10 to P90 (0.80 is the target).',
      '',
      'Baselines, each fitted on the training invoices at the same point: ' +
        Object.entries(BASELINE_WORDS)
          .map(([name, words]) => `\`${name}\`, ${words}`)
          .join('; ') +
        '.',
    );
    for (const p of points) {
      lines.push('', `### Open at ${p.point} (${p.rows} test invoices)`);
      for (const score of Object.keys(SCORES) as Array<keyof AtPoint>) {
        const set = p[score];
        if (!set) continue;
        const known = set.rows < p.rows ? ` (the ${set.rows} whose outcome was known)` : '';
        lines.push('', `${SCORES[score].title}${known}:`, '', metricsTable(set, SCORES[score].columns));
        const cold = p.coldStart?.[score];
        if (cold) {
          lines.push(
            '',
            `New customers (no paid invoice yet, ${cold.rows} invoices):`,
            '',
            metricsTable(cold, SCORES[score].columns),
          );
          const days = score === 'remainingDays' ? p.coldStart?.remainingDays : undefined;
          const flag = days ? coverageFlag(days.p10p90Coverage, days.rows) : null;
          if (flag) lines.push('', `**Flag (new customers):** ${flag}`);
        }
      }
    }
    if (m.metrics.withoutDispute)
      lines.push(
        '',
        '### Without the dispute flag as an input, at issue',
        'For decisions made before a dispute could be known:',
        '',
        metricsTable(m.metrics.withoutDispute, risk ? SCORES.lateProbability.columns : SCORES.remainingDays.columns),
      );
  } else {
    lines.push('No test set in this run.');
  }
  lines.push(
    '',
    '## Model',
    `- ${m.architecture.kind} with hidden layers [${m.architecture.hidden.join(', ') || 'none'}]. ${m.architecture.reason}`,
    risk
      ? `- Both probabilities are calibrated on the validation slice (Platt scaling${trees ? '; the 30-day one per stage' : ''}), so a score of 0.3 means about 3 in 10 such invoices: see the reliability curves. Lateness is learnt only from days on or before the due date; after it the graph gives 1.`
      : `- Trained with the quantile (pinball) loss for P10, P50 and P90; each is the days open plus a non-negative number of days (${trees ? 'the trees\u2019 quantiles of the days left, ordered' : 'a softplus'}), so P10 \u2264 P50 \u2264 P90 and none is before the scoring date. It learns only from invoices issued long enough before the last payment seen that nine in ten of their kind were paid by then: of those issued later only the quick payers are paid yet, and learning from them would expect payment too soon. The ranges are widened or narrowed per stage (before the due date, on it, 1\u201314 days past it, from 15 days past it) on the latest training invoices whose payments were nine in ten known by the cutoff (conformal) so that 80% of payments fall within them; a past-due stage with fewer than 30 of them borrows the rows of the past-due stage before it.`,
    `- Inputs (${m.features.length}), in order: ${m.features.map((f) => `\`${f.name}\``).join(', ')}. Missing values are replaced by the training average; numbers are clipped to the range seen in training before scaling, and Dunwell flags such inputs in the decision\u2019s explanation.`,
    ...(idle.length > 0
      ? [
          `- Inputs that cannot move a score (constant in training${trees ? ', or split on by no tree' : ''}), so no decision\u2019s explanation warns about them: ${idle.map((name) => `\`${name}\``).join(', ')}.`,
        ]
      : []),
    `- Trainer ${m.trainerVersion}, seed ${m.seed}, written ${m.createdAt}.`,
    '',
    '## Plots',
    ...plots.map((p) => `![${p}](${p})`),
    ...(predictionsFile
      ? [
          '',
          '## Test predictions',
          `\`${predictionsFile}\`, written beside this card by \`pnpm train\`, holds this model\u2019s scores for every test invoice at every point at which it was open, beside what happened. It repeats the training data, so a model folder shipped with the engine leaves it out.`,
        ]
      : []),
    '',
    '## Limits',
    '- It learns from the history it was given: a customer whose habits change is scored on the past until new payments arrive.',
    '- Scores outside the training range (amounts, terms, days open beyond 90 days past due) are extrapolations: the inputs are clipped and flagged.',
  );
  return `${lines.join('\n')}\n`;
}
