/** A champion/challenger split's arms: names and whole-number weights that must add up to 100%. */
import { type NodeOf } from '@dunwell/engine/policy';
import { NumberInput } from './fields';

type Arm = NodeOf<'split'>['arms'][number];

/** The next free arm name: A, B, C, … then arm-N. */
function nextArmId(arms: Arm[]): string {
  const taken = new Set(arms.map((a) => a.id));
  const letter = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((l) => !taken.has(l));
  if (letter) return letter;
  for (let n = 1; ; n++) if (!taken.has(`arm-${n}`)) return `arm-${n}`;
}

export function SplitForm({ arms, onChange }: { arms: Arm[]; onChange: (arms: Arm[], coalesceKey?: string) => void }) {
  const total = arms.reduce((sum, a) => sum + a.weight, 0);
  const set = (i: number, patch: Partial<Arm>, key: string) =>
    onChange(
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
                  onClick={() => onChange(arms.filter((_, j) => j !== i))}
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
        onClick={() => onChange([...arms, { id: nextArmId(arms), weight: 0 }])}
      >
        + Arm
      </button>
    </div>
  );
}
