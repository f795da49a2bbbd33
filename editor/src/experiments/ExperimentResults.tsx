/**
 * A split node's live results in the inspector: per arm, the invoices that entered, the share
 * paid within 30 days, days to pay and cash per invoice, each arm against the champion with its
 * 95% interval, the uplift over a holdout; and "promote the winner", which drafts the policy
 * with one arm's branch in the split's place (docs/measures.md).
 */
import { useState } from 'react';
import { api, errorText, type ExperimentReport } from '../api';
import { useEditor } from '../store';
import { Dialog } from '../ui/Dialog';
import { openPolicy } from '../versions/policy-actions';
import { forgetExperiments, useExperiment } from './useExperiment';

type Arm = ExperimentReport['arms'][number];
type Interval = NonNullable<NonNullable<Arm['versusChampion']>['paidWithin30']>;

/** The arm's part in the experiment, unless its name says it already. */
const roleOf = (arm: Arm) => {
  const role = arm.champion ? 'champion' : arm.holdout ? 'holdout' : undefined;
  return role && !arm.label.toLowerCase().includes(role) ? role : undefined;
};
const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)} %`);
const days = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} d`);
const points = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;
const dayDiff = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;

/** A difference with its interval, and whether the interval leaves 0 out. */
function Difference({
  interval,
  show,
  unit,
}: {
  interval: Interval | null;
  show: (v: number) => string;
  unit: string;
}) {
  if (!interval) return <span className="section-hint">not enough accounts yet</span>;
  const clear = interval.low > 0 || interval.high < 0;
  return (
    <span className={clear ? 'experiment__clear' : undefined}>
      {show(interval.difference)} {unit} ({show(interval.low)} to {show(interval.high)}){clear ? '' : ', not clear'}
    </span>
  );
}

export function ExperimentResults({ nodeId }: { nodeId: string }) {
  const policyId = useEditor((s) => s.policy?.id);
  const dirty = useEditor((s) => s.dirty);
  const notify = useEditor((s) => s.notify);
  const loaded = useExperiment(policyId, nodeId);
  const [promoting, setPromoting] = useState<Arm | null>(null);
  const [busy, setBusy] = useState(false);

  if (!policyId) return null;
  if (loaded.state !== 'ready') {
    return (
      <section className="experiment" aria-label="Live results">
        <h3 className="section-title">Live results</h3>
        <p className="section-hint">
          {loaded.state === 'loading' ? 'Reading…' : 'No decision has gone through this split in a published version.'}
        </p>
      </section>
    );
  }
  const { report } = loaded;
  const promote = async (arm: Arm) => {
    setBusy(true);
    try {
      await api.promoteArm(policyId, nodeId, arm.armId);
      forgetExperiments();
      await openPolicy(policyId);
      notify({ tone: 'success', title: `${arm.label} promoted: the draft now takes its branch. Publish to apply it.` });
    } catch (error) {
      const { title, details } = errorText(error);
      notify({ tone: 'error', title: `Could not promote ${arm.label}: ${title}`, details });
    } finally {
      setBusy(false);
      setPromoting(null);
    }
  };

  return (
    <section className="experiment" aria-label="Live results" data-testid="experiment-results">
      <h3 className="section-title">Live results</h3>
      <p className="section-hint">
        Invoices that entered up to {report.asOf}, as version {report.version} split them; outcomes in {report.currency}
        .
      </p>
      <table className="report-table experiment__table" data-testid="experiment-table">
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">Invoices</th>
            <th scope="col">Paid ≤ 30 d</th>
            <th scope="col">Days to pay (mean)</th>
          </tr>
        </thead>
        <tbody>
          {report.arms.map((arm) => (
            <tr key={arm.armId}>
              <th scope="row">
                {arm.label}
                {roleOf(arm) && <span className="tag">{roleOf(arm)}</span>}
              </th>
              <td>{arm.invoices}</td>
              <td>{percent(arm.paidWithin30.share)}</td>
              <td>{days(arm.daysToPay.mean)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="experiment__versus">
        {report.arms
          .filter((arm) => arm.versusChampion)
          .map((arm) => (
            <li key={arm.armId}>
              <strong>{arm.label}</strong> against the champion: paid within 30 days{' '}
              <Difference interval={arm.versusChampion!.paidWithin30} show={points} unit="points" />; days to pay{' '}
              <Difference interval={arm.versusChampion!.daysToPay} show={dayDiff} unit="days" />.
            </li>
          ))}
        {(report.uplift ?? []).map((u) => (
          <li key={`uplift-${u.armId}`}>
            <strong>Uplift of {report.arms.find((a) => a.armId === u.armId)?.label}</strong> over no contact: paid
            within 30 days <Difference interval={u.paidWithin30} show={points} unit="points" />.
          </li>
        ))}
      </ul>
      <p className="section-hint">Intervals are 95%, over accounts: each account stays in one arm.</p>
      <div className="button-row">
        {report.arms.map((arm) => (
          <button
            key={arm.armId}
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              dirty
                ? notify({ tone: 'error', title: 'Save the draft first: promoting changes the saved draft' })
                : setPromoting(arm)
            }
          >
            Promote {arm.label}
          </button>
        ))}
      </div>
      <Dialog
        open={promoting !== null}
        title={`Promote ${promoting?.label ?? ''}?`}
        onClose={() => setPromoting(null)}
        testId="promote-dialog"
        footer={
          <>
            <button type="button" className="button" onClick={() => setPromoting(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => promoting && void promote(promoting)}
              data-testid="promote-confirm"
            >
              Promote
            </button>
          </>
        }
      >
        <p>
          The draft takes the {promoting?.label} branch in place of the split; the other arms&rsquo; own steps are
          removed. Nothing is published until you publish.
        </p>
      </Dialog>
    </section>
  );
}
