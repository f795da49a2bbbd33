/** A decision explained: the outcome, what the engine overrode, each step of the path with the facts it saw, and the scores. */
import { type Decision } from '../api';
import { useShallow } from 'zustand/react/shallow';
import { getFact, type Comparison, type NodeKind } from '@dunwell/engine/policy';
import { describeComparison, factLabel, formatNumber, formatValue } from '../nodes/describe';
import { specOf } from '../nodes';
import { useEditor } from '../store';
import { outcomeText } from './outcome';
import { scoreText } from './scores';

type Step = Decision['explanation']['path'][number];

type Reporting = Decision['explanation']['reporting'];

/** A fact's value as seen; an amount in the reporting currency also in the invoice's own. */
function seenText(fact: string, value: unknown, reporting: Reporting): string {
  const shown = formatValue(value, fact);
  if (!reporting || getFact(fact)?.unit !== 'reporting currency' || typeof value !== 'number') return shown;
  if (reporting.from === reporting.to) return `${shown} ${reporting.to}`;
  return `${shown} ${reporting.to} (${formatNumber(Math.round((value / reporting.rate) * 100) / 100)} ${reporting.from})`;
}

function StepDetail({ step, reporting }: { step: Step; reporting: Reporting }) {
  if (step.conditions) {
    return (
      <table className="facts-table">
        <tbody>
          {step.conditions.map((c, i) => (
            <tr key={i} className={c.result ? 'is-true' : 'is-false'}>
              <td>
                {c.caseId && (
                  <>
                    <span className="tag facts-table__case">{c.caseLabel ?? c.caseId}</span>{' '}
                  </>
                )}
                {describeComparison(c as Comparison)}
              </td>
              <td className="facts-table__seen">
                {c.missing ? <em>missing</em> : seenText(c.fact, c.factValue, reporting)}
              </td>
              <td className="facts-table__result" aria-label={c.result ? 'true' : 'false'}>
                {c.result ? '✓' : '✗'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  if (step.wait) {
    const { fact, days, factValue, missing, held } = step.wait;
    return (
      <p className="step__detail">
        {factLabel(fact)} is {missing ? <em>missing</em> : formatValue(factValue, fact)} (needs ≥ {days}):{' '}
        {held ? 'holds here' : 'passes'}
      </p>
    );
  }
  if (step.split)
    return (
      <p className="step__detail">
        Account bucket {step.split.bucket} → {step.output ?? step.split.arm}
      </p>
    );
  return null;
}

/** The steps of a path, each with what it saw; a step without a label of its own takes its kind's title. */
export function PathSteps({ path, reporting }: { path: readonly Step[]; reporting?: Reporting }) {
  const names = useEditor(
    useShallow((s) => path.map((step) => s.nodes.find((n) => n.id === step.nodeId)?.data.content.label)),
  );
  return (
    <ol className="steps">
      {path.map((step, i) => (
        <li key={i} className="step">
          <div className="step__head">
            <span className={`kind-glyph kind-glyph--${step.kind}`} aria-hidden>
              {specOf(step.kind as NodeKind).glyph}
            </span>
            <span>{step.label ?? names[i] ?? specOf(step.kind as NodeKind).title}</span>
            {step.handle && <span className="tag">{step.output ?? step.handle}</span>}
          </div>
          <StepDetail step={step} reporting={reporting} />
        </li>
      ))}
    </ol>
  );
}

export function DecisionView({ decision }: { decision: Decision }) {
  const { explanation, scores } = decision;
  const scoreEntries = Object.entries(scores).filter(([, v]) => v !== undefined && v !== null);
  return (
    <div className="decision" data-testid="decision">
      <div className={`decision__outcome decision__outcome--${decision.outcome}`}>
        <span className="decision__kind">{decision.outcome}</span>
        <strong data-testid="decision-outcome">{outcomeText(decision)}</strong>
        <span className="decision__policy">
          as of {decision.asOf.slice(0, 10)} · {decision.policy.version === 0 ? 'draft' : `v${decision.policy.version}`}
        </span>
      </div>
      <p className="decision__next" data-testid="decision-next-review">
        Changes next on {decision.nextReviewAt}, if nothing but time changes
      </p>
      {explanation.overrides.map((o, i) => (
        <p key={i} className="decision__override">
          ⚑ {o.message}
        </p>
      ))}
      <h3 className="section-title">Path</h3>
      <PathSteps path={explanation.path} reporting={explanation.reporting} />
      {explanation.reporting && explanation.reporting.from !== explanation.reporting.to && (
        <p className="section-hint" data-testid="decision-reporting">
          Amounts in the reporting currency at 1 {explanation.reporting.from} ={' '}
          {formatNumber(explanation.reporting.rate)} {explanation.reporting.to}.
        </p>
      )}
      {explanation.missingFacts.length > 0 && (
        <p className="section-hint">Missing facts: {explanation.missingFacts.map(factLabel).join(', ')}.</p>
      )}
      {scoreEntries.length > 0 && (
        <>
          <h3 className="section-title">Scores</h3>
          <dl className="scores">
            {scoreEntries.map(([name, value]) => (
              <div key={name}>
                <dt>{factLabel(name)}</dt>
                <dd>{scoreText(name, value)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {explanation.topFeatures.length > 0 && (
        <>
          <h3 className="section-title">What moved the risk score most</h3>
          <ul className="features">
            {explanation.topFeatures.map((f) => (
              <li key={f.feature}>
                <span>{factLabel(f.feature)}</span>
                <span className={f.contribution >= 0 ? 'features__up' : 'features__down'}>
                  {f.contribution >= 0 ? '+' : '−'}
                  {formatValue(Math.abs(f.contribution), 'lateProbability')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {explanation.modelWarnings.length > 0 && (
        <details className="decision__warnings">
          <summary>
            {explanation.modelWarnings.length === 1
              ? 'One model input'
              : `${explanation.modelWarnings.length} model inputs`}{' '}
            to check: {[...new Set(explanation.modelWarnings.map((w) => factLabel(w.feature)))].join(', ')}
          </summary>
          <ul>
            {explanation.modelWarnings.map((w, i) => (
              <li key={i}>
                {w.model}: {w.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {decision.models.length > 0 && (
        <p className="section-hint">Models: {decision.models.map((m) => `${m.name} ${m.version}`).join(', ')}</p>
      )}
    </div>
  );
}
