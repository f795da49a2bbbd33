/** Form building blocks of the inspector: a labelled field, and a number input that only commits numbers. */
import { useId, useState, type ReactNode } from 'react';

export function Field({
  label,
  hint,
  children,
  error,
}: {
  label: string;
  hint?: ReactNode;
  children: (id: string) => ReactNode;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
      {hint && <span className="field__hint">{hint}</span>}
      {error && (
        <span className="field__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

interface NumberInputProps {
  id?: string;
  /** null: no value yet (an emptied comparison), shown as an empty box. */
  value: number | null;
  onChange: (value: number) => void;
  /**
   * The box was emptied. With it, the emptiness is the step's value (and a problem the problems list
   * shows); without it, leaving an empty or invalid box puts back the value the step keeps.
   */
  onEmpty?: () => void;
  integer?: boolean;
  min?: number;
  max?: number;
  unit?: string;
  label?: string;
}

/**
 * Keeps what the user types (an empty box, a lone minus sign) until it reads as a number in
 * range, and only then commits it: the graph never holds a half-typed value.
 */
export function NumberInput({ id, value, onChange, onEmpty, integer, min, max, unit, label }: NumberInputProps) {
  const [text, setText] = useState(value === null ? '' : String(value));
  const [shown, setShown] = useState(value);
  // An outside change (undo, another field) replaces the text; the user's own typing does not.
  if (value !== shown) {
    setShown(value);
    if (value === null) setText('');
    else if (text.trim() === '' || Number(text) !== value) setText(String(value));
  }
  const parsed = text.trim() === '' ? NaN : Number(text);
  // An empty box that means "no value" is said where it matters (the problems list, "not known"), not here.
  const problem =
    onEmpty && text.trim() === ''
      ? undefined
      : Number.isNaN(parsed)
        ? 'Enter a number'
        : integer && !Number.isInteger(parsed)
          ? 'Enter a whole number'
          : min !== undefined && parsed < min
            ? `At least ${min}`
            : max !== undefined && parsed > max
              ? `At most ${max}`
              : undefined;
  return (
    <span className="number-input">
      <input
        id={id}
        className={`input ${problem ? 'input--invalid' : ''}`}
        type="number"
        inputMode="decimal"
        step={integer ? 1 : 'any'}
        min={min}
        max={max}
        value={text}
        aria-label={label}
        aria-invalid={problem !== undefined}
        onBlur={() => {
          if (problem && value !== null) setText(String(value));
        }}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '' && onEmpty) {
            setShown(null);
            onEmpty();
            return;
          }
          const n = Number(e.target.value);
          const ok =
            e.target.value.trim() !== '' &&
            !Number.isNaN(n) &&
            (!integer || Number.isInteger(n)) &&
            (min === undefined || n >= min) &&
            (max === undefined || n <= max);
          if (ok) {
            setShown(n);
            onChange(n);
          }
        }}
      />
      {unit && <span className="number-input__unit">{unit}</span>}
      {problem && <span className="field__error">{problem}</span>}
    </span>
  );
}
