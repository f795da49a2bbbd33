/** Split test: champion/challenger arms by account, with whole-number weights that must add up to 100%. */
import { memo, useMemo } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type ContentOf, type FlowNodeOf } from '../canvas/flow-graph';
import { NumberInput } from '../inspector/fields';
import { useExperiment } from '../experiments/useExperiment';
import { useEditor } from '../store';
import { NodeFrame } from './NodeFrame';
import { type KindFormProps, type NodeSpec } from './spec';

type Arm = ContentOf<'split'>['arms'][number];

const describeSplit = (content: Pick<ContentOf<'split'>, 'arms'>) =>
  `Split ${content.arms.map((a) => `${a.label || a.id} ${a.weight}%`).join(' / ')}`;

/** The next free arm name: A, B, C, … then arm-N. */
function nextArmId(arms: Arm[]): string {
  const taken = new Set(arms.map((a) => a.id));
  const letter = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((l) => !taken.has(l));
  if (letter) return letter;
  for (let n = 1; ; n++) if (!taken.has(`arm-${n}`)) return `arm-${n}`;
}

/** The node's live results in one line: invoices that entered, and each arm's share paid within 30 days. */
function LiveLine({ nodeId }: { nodeId: string }) {
  const policyId = useEditor((s) => s.policy?.id);
  const loaded = useExperiment(policyId, nodeId);
  if (loaded.state !== 'ready') return <p className="pnode__line pnode__muted">Each account stays in one arm</p>;
  const { arms } = loaded.report;
  const entered = arms.reduce((n, a) => n + a.invoices, 0);
  const shares = arms.map((a) => (a.paidWithin30.share === null ? '–' : `${Math.round(a.paidWithin30.share * 100)}%`));
  return (
    <p className="pnode__line pnode__muted" data-testid={`live-${nodeId}`}>
      {entered} invoices · paid ≤ 30 d {shares.join(' / ')}
    </p>
  );
}

const SplitNode = memo(function SplitNode({ id, data, selected }: NodeProps<FlowNodeOf<'split'>>) {
  const { arms, label } = data.content;
  const ports = useMemo(() => arms.map((a) => ({ id: a.id, label: `${a.label || a.id} ${a.weight}%` })), [arms]);
  return (
    <NodeFrame id={id} spec={splitSpec} label={label} selected={selected} ports={ports}>
      <p className="pnode__line pnode__logic">{describeSplit({ arms })}</p>
      <LiveLine nodeId={id} />
    </NodeFrame>
  );
});

function SplitForm({ content, update }: KindFormProps<'split'>) {
  const { arms } = content;
  const total = arms.reduce((sum, a) => sum + a.weight, 0);
  const setArms = (next: Arm[], key?: string) => update({ ...content, arms: next }, key);
  const set = (i: number, patch: Partial<Arm>, key: string) =>
    setArms(
      arms.map((a, j) => (j === i ? { ...a, ...patch } : a)),
      key,
    );
  return (
    <div className="arms">
      <p className="section-hint">
        Each account is placed in one arm by a stable hash, and stays there across invoices and days.
      </p>
      <table className="arms__table">
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">Share</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {arms.map((a, i) => (
            <tr key={a.id}>
              <td>
                <input
                  className="input"
                  aria-label={`Arm ${a.id} name`}
                  value={a.label ?? ''}
                  placeholder={a.id}
                  maxLength={200}
                  onChange={(e) => set(i, { label: e.target.value || undefined }, `arm-${a.id}-label`)}
                />
              </td>
              <td>
                <NumberInput
                  label={`Arm ${a.id} share`}
                  value={a.weight}
                  integer
                  min={0}
                  max={100}
                  unit="%"
                  onChange={(weight) => set(i, { weight }, `arm-${a.id}-weight`)}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove arm ${a.id}`}
                  disabled={arms.length <= 2}
                  onClick={() => setArms(arms.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={`arms__total ${total === 100 ? 'is-ok' : 'is-off'}`} role="status">
        Total {total}%{total === 100 ? '' : ` — must be 100%`}
      </p>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => setArms([...arms, { id: nextArmId(arms), weight: 0 }])}
      >
        + Arm
      </button>
    </div>
  );
}

export const splitSpec: NodeSpec<'split'> = {
  kind: 'split',
  title: 'Split test',
  blurb: 'Champion / challenger by account',
  glyph: '%',
  color: '#a21caf',
  create: (id) => ({
    id,
    kind: 'split',
    arms: [
      { id: 'A', weight: 50 },
      { id: 'B', weight: 50 },
    ],
  }),
  describe: describeSplit,
  Node: SplitNode,
  Form: SplitForm,
};
