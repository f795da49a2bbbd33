/** The model card: what the model does, on what data, how well, and its limits, for a finance reader. */
import { type ModelManifest } from '@dunwell/engine/models';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const num = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

function metricsTable(metrics: NonNullable<ModelManifest['metrics']['test']>, columns: string[]): string {
  const m = metrics as unknown as Record<string, number> & { baselines: Record<string, Record<string, number>> };
  const rows = [['this model', m], ...Object.entries(m.baselines)] as Array<[string, Record<string, number>]>;
  return [
    `| | ${columns.join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...rows.map(([name, r]) => `| ${name} | ${columns.map((c) => num(r[c]!)).join(' | ')} |`),
  ].join('\n');
}

/** What the sanity checks found and what was repaired, in words for the card. */
const LOADING_CHECKS: Record<string, string> = {
  dueBeforeIssue: 'a due date before the issue date (kept)',
  paidBeforeIssue: 'a payment before the issue date (kept)',
  duplicateIds: 'an invoice id seen before (skipped)',
};
const LOADING_REPAIRS: Record<string, string> = { amountSeparators: 'amounts written with thousands separators' };

export function modelCard(m: ModelManifest, plots: string[]): string {
  const risk = m.name === 'risk';
  const columns = risk ? ['auc', 'brier', 'logLoss'] : ['mae', 'rmse', 'p10p90Coverage'];
  const lines = [
    `# ${risk ? 'Late-payment risk' : 'Payment date'} model, version ${m.version}`,
    '',
    risk
      ? 'Estimates the probability that an invoice is paid **after its due date**, from the invoice itself and the customer\u2019s payment history as known on the scoring date. Dunwell exposes it to policies as `lateProbability`.'
      : 'Estimates **when** an invoice will be paid, in days from its issue date: an early (P10), a central (P50) and a late (P90) estimate. Dunwell exposes them as `payDateP10`, `predictedDaysToPay`, `payDateP90`, and `predictedDaysLate` = max(0, P50 \u2212 terms).',
    'It never looks at whether the invoice itself has been paid: for an invoice already past due the score is the customer\u2019s profile, not a certainty.',
    '',
    '## Data',
    `- Source: ${m.data.source} (mapping \`${m.data.mapping}\`). ${m.data.provenance}`,
    `- ${m.data.rows} settled invoices from ${m.data.accounts} accounts, issued ${m.data.issueDateRange[0]} to ${m.data.issueDateRange[1]}; ${pct(m.data.lateRate)} were paid late; on average paid ${m.data.meanDaysToPay.toFixed(1)} days after issue.`,
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
      ? `- Out-of-time evaluation: trained on invoices issued before **${m.split.cutoff}** whose payment was known by then (${m.split.trainRows} for fitting, ${m.split.validationRows} for early stopping${risk ? ' and calibration' : ''}), tested on the ${m.split.testRows} invoices issued on or after it.`
      : '- No cutoff: every invoice was used for training, so this file carries no test metrics of its own.',
    '',
    '## How well it works (test set, out of time)',
  ];
  if (m.metrics.test) {
    lines.push(
      risk
        ? 'AUC: how well it ranks late payers above on-time ones (0.5 is a coin toss, 1 is perfect). Brier score and log loss: how close the probabilities are to what happened (lower is better).'
        : 'MAE: average error of the central estimate in days. RMSE: the same, punishing big misses more. Coverage: share of invoices paid between P10 and P90 (0.80 is the target).',
      '',
      metricsTable(m.metrics.test, columns),
      '',
      'Baselines are what you would do without a model: ' +
        (risk
          ? 'the portfolio\u2019s late rate for everyone, or each customer\u2019s own late rate so far.'
          : 'the average payment time, the due date, or the due date moved by the customer\u2019s average delay so far.'),
    );
    if (m.metrics.coldStart)
      lines.push(
        '',
        `**New customers** (no paid invoice yet when scored, ${m.metrics.coldStart.rows} invoices):`,
        '',
        metricsTable(m.metrics.coldStart, columns),
      );
    if (m.metrics.withoutDispute)
      lines.push(
        '',
        '**Without the dispute flag** as an input (for decisions made before a dispute could be known):',
        '',
        metricsTable(m.metrics.withoutDispute, columns),
      );
  } else {
    lines.push('No test set in this run.');
  }
  lines.push(
    '',
    '## Model',
    `- ${m.architecture.kind} with hidden layers [${m.architecture.hidden.join(', ') || 'none'}]. ${m.architecture.reason}`,
    risk
      ? '- Calibrated on the validation slice (Platt scaling), so a score of 0.3 means about 3 in 10 such invoices are paid late: see the reliability curve.'
      : '- Trained with the quantile (pinball) loss for P10, P50 and P90; P10 \u2264 P50 \u2264 P90 by construction.',
    `- Inputs (${m.features.length}), in order: ${m.features.map((f) => `\`${f.name}\``).join(', ')}. Missing values are replaced by the training average; numbers are clipped to the range seen in training before scaling, and Dunwell flags such inputs in the decision\u2019s explanation.`,
    `- Trainer ${m.trainerVersion}, seed ${m.seed}, written ${m.createdAt}.`,
    '',
    '## Plots',
    ...plots.map((p) => `![${p}](${p})`),
    '',
    '## Limits',
    '- It learns from the history it was given: a customer whose habits change is scored on the past until new payments arrive.',
    '- Scores outside the training range (amounts, terms) are extrapolations: the inputs are clipped and flagged.',
  );
  return `${lines.join('\n')}\n`;
}
