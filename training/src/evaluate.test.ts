/**
 * The evaluation at a point where every test invoice had the same outcome: there is nothing to
 * rank, so no AUC, but the probabilities are still scored (Brier, log loss) with verdicts. A score
 * whose outcome is known for too few invoices gets no metrics at all.
 */
import { describe, expect, it } from 'vitest';
import { generatePortfolio } from '@dunwell/engine/ledger';
import { buildExamples } from './dataset';
import { evaluateAtPoints } from './evaluate';

const examples = buildExamples(generatePortfolio({ invoices: 800, seed: 5 }), { withDispute: true });
const half = Math.floor(examples.length / 2);
const train = examples.slice(0, half);
/** Every test invoice paid within 30 days of each point, whatever the portfolio said. */
const test = examples.slice(half).map((e) => ({ ...e, within30: true }));

describe('evaluateAtPoints with one outcome only', () => {
  it('scores the 30-day probability without an AUC, and the verdicts leave the AUC out', () => {
    const p = 0.9;
    const points = evaluateAtPoints(
      train,
      test,
      (list) => ({ probabilities: new Float32Array(list.length * 2).fill(p) }),
      3,
    );
    const issue = points.find((point) => point.point === 'issue')!;
    const within = issue.payWithin30Probability!;
    expect(within.rows).toBe(issue.rows);
    expect(within.auc).toBeNull();
    expect(within.brier).toBeCloseTo((1 - Math.fround(p)) ** 2, 9);
    expect(within.logLoss).toBeCloseTo(-Math.log(Math.fround(p)), 9);
    expect(Object.values(within.baselines).every((b) => b.auc === null)).toBe(true);
    expect(Object.keys(within.verdicts!).sort()).toEqual(['brier', 'logLoss']);
    // The lateness labels were left as they were, with both outcomes: it keeps its AUC.
    expect(issue.lateProbability!.auc).toBe(0.5);
    expect(Object.keys(issue.lateProbability!.verdicts!).sort()).toEqual(['auc', 'brier', 'logLoss']);
  });

  it('gives no metrics for a score whose outcome is known for fewer than 20 invoices', () => {
    let known = 0;
    const few = examples
      .slice(half)
      .map((e) => ({ ...e, within30: e.point === 'issue' && known++ < 19 ? true : null }));
    const constant = (list: typeof few) => ({ probabilities: new Float32Array(list.length * 2).fill(0.5) });
    const issue = evaluateAtPoints(train, few, constant, 3).find((p) => p.point === 'issue')!;
    expect(issue.rows).toBeGreaterThan(100);
    expect(issue.payWithin30Probability).toBeUndefined();
    expect(issue.lateProbability!.rows).toBeGreaterThan(100);
    const one = evaluateAtPoints(
      train,
      few.map((e) =>
        e === few.find((f) => f.within30 === null && f.point === 'issue') ? { ...e, within30: false } : e,
      ),
      constant,
      3,
    );
    expect(one.find((p) => p.point === 'issue')!.payWithin30Probability!.rows).toBe(20);
  });
});
