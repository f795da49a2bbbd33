/** The table `pnpm train` prints at the end: per model and evaluation point, each metric beside its best baseline. */
import { type PointMetrics, type Verdict } from '@dunwell/engine/models';
import { COVERAGE_RANGE, coverageOk } from './card';
import { shareInterval } from './metrics';
import { type WrittenModel } from './pipeline';

const SCORES = ['lateProbability', 'payWithin30Probability', 'remainingDays'] as const;
const METRICS = ['auc', 'brier', 'logLoss', 'mae', 'rmse', 'p10p90Coverage'];

const fixed = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(3));

/** "ok", or the flag in short with the range chance allows over the invoices measured. */
function coverageNote(coverage: number, rows: number): string {
  if (coverageOk(coverage)) return 'ok';
  const [low, high] = shareInterval(coverage, rows);
  return `outside ${COVERAGE_RANGE[0]}-${COVERAGE_RANGE[1]} (95% ${low.toFixed(2)}-${high.toFixed(2)})`;
}

function pointRows(model: string, p: PointMetrics): string[][] {
  return SCORES.flatMap((score) => {
    const set = p[score] as (Record<string, unknown> & { verdicts?: Record<string, Verdict> }) | undefined;
    if (!set) return [];
    return METRICS.filter((metric) => typeof set[metric] === 'number').map((metric) => {
      const value = set[metric] as number;
      const verdict = set.verdicts?.[metric];
      const note = metric === 'p10p90Coverage' ? coverageNote(value, set.rows as number) : '';
      return [
        model,
        p.point,
        score,
        metric,
        fixed(value),
        verdict ? `${verdict.baseline} ${fixed(value - verdict.difference)}` : '',
        verdict?.verdict ?? note,
      ];
    });
  });
}

export function summaryTable(written: readonly WrittenModel[]): string {
  const header = ['model', 'point', 'score', 'metric', 'value', 'best baseline', 'verdict'];
  const rows = written.flatMap((w) => w.manifest.metrics.asOf.flatMap((p) => pointRows(w.kind, p)));
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => c.padEnd(widths[k]!))
      .join('  ')
      .trimEnd();
  const models = written.map(
    (w) =>
      `${w.kind}: ${w.dir} (version ${w.version}; onnxruntime within ${w.onnxMaxDiff.toExponential(1)} of the trained model)`,
  );
  if (rows.length === 0) return [...models, 'no test set: no metrics'].join('\n');
  return [...models, '', line(header), line(widths.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}
