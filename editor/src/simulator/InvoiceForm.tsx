/** The invoice, account and dunning history to simulate, as a form over a decide request. */
import { ACTION_TYPES, COUNTRY_CODES, CURRENCY_CODES, SEGMENTS } from '@dunwell/engine/policy';
import { type SimulationInput } from '../api';
import { actionName, formatValue } from '../nodes/describe';
import { Field, NumberInput } from '../inspector/fields';

type Invoice = SimulationInput['invoice'];
type Account = NonNullable<SimulationInput['account']>;
type History = NonNullable<SimulationInput['history']>;

/** Drops keys set to undefined, so "not known" is absent from the request rather than null. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function InvoiceForm({
  value,
  onChange,
}: {
  value: SimulationInput;
  onChange: (value: SimulationInput) => void;
}) {
  const { invoice } = value;
  const account: Account = value.account ?? { id: invoice.accountId };
  const history: History = value.history ?? {};
  const setInvoice = (patch: Partial<Invoice>) => onChange({ ...value, invoice: defined({ ...invoice, ...patch }) });
  const setAccount = (patch: Partial<Account>) => onChange({ ...value, account: defined({ ...account, ...patch }) });
  const setHistory = (patch: Partial<History>) => onChange({ ...value, history: defined({ ...history, ...patch }) });
  const consent = (key: 'emailAllowed' | 'smsAllowed' | 'callAllowed' | 'doNotContact', text: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={account[key] === true}
        onChange={(e) => setAccount({ [key]: e.target.checked })}
      />
      {text}
    </label>
  );
  return (
    <div className="sim-form">
      <fieldset className="sim-form__group">
        <legend>Invoice</legend>
        <div className="field-row">
          <Field label="Amount">
            {(id) => (
              <NumberInput id={id} value={invoice.amount} min={0} onChange={(amount) => setInvoice({ amount })} />
            )}
          </Field>
          <Field label="Currency">
            {(id) => (
              <select
                id={id}
                className="input"
                value={invoice.currency}
                onChange={(e) => setInvoice({ currency: e.target.value as Invoice['currency'] })}
              >
                {CURRENCY_CODES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="field-row">
          <Field label="Issued">
            {(id) => (
              <input
                id={id}
                className="input"
                type="date"
                value={invoice.issueDate}
                onChange={(e) => e.target.value && setInvoice({ issueDate: e.target.value })}
              />
            )}
          </Field>
          <Field label="Due">
            {(id) => (
              <input
                id={id}
                className="input"
                type="date"
                value={invoice.dueDate}
                onChange={(e) => e.target.value && setInvoice({ dueDate: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="field-row">
          <label className="check">
            <input
              type="checkbox"
              checked={invoice.disputed === true}
              onChange={(e) => setInvoice({ disputed: e.target.checked })}
            />
            Disputed
          </label>
          <Field label="Promised payment date">
            {(id) => (
              <input
                id={id}
                className="input"
                type="date"
                value={invoice.promiseToPayDate ?? ''}
                onChange={(e) => setInvoice({ promiseToPayDate: e.target.value || null })}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset className="sim-form__group">
        <legend>Account</legend>
        <div className="field-row">
          <Field label="Segment">
            {(id) => (
              <select
                id={id}
                className="input"
                value={account.segment ?? ''}
                onChange={(e) => setAccount({ segment: (e.target.value || undefined) as Account['segment'] })}
              >
                <option value="">unknown</option>
                {SEGMENTS.map((s) => (
                  <option key={s} value={s}>
                    {formatValue(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Country">
            {(id) => (
              <select
                id={id}
                className="input"
                value={account.country ?? ''}
                onChange={(e) => setAccount({ country: (e.target.value || undefined) as Account['country'] })}
              >
                <option value="">unknown</option>
                {COUNTRY_CODES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label="Share of invoices paid late" hint="0 to 1, from the account’s history">
          {(id) => (
            <NumberInput
              id={id}
              value={account.lateRate ?? 0}
              min={0}
              max={1}
              onChange={(lateRate) => setAccount({ lateRate })}
            />
          )}
        </Field>
        <div className="checks">
          {consent('emailAllowed', 'Email allowed')}
          {consent('smsAllowed', 'SMS allowed')}
          {consent('callAllowed', 'Calls allowed')}
          {consent('doNotContact', 'Do not contact')}
        </div>
      </fieldset>
      <fieldset className="sim-form__group">
        <legend>Dunning so far</legend>
        <div className="field-row">
          <Field label="Steps taken">
            {(id) => (
              <NumberInput
                id={id}
                value={history.stepsTaken ?? 0}
                integer
                min={0}
                onChange={(stepsTaken) => setHistory({ stepsTaken })}
              />
            )}
          </Field>
          <Field label="Last step">
            {(id) => (
              <select
                id={id}
                className="input"
                value={history.lastActionType ?? ''}
                onChange={(e) =>
                  setHistory({ lastActionType: (e.target.value || undefined) as History['lastActionType'] })
                }
              >
                <option value="">none</option>
                {ACTION_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {actionName(t)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label="Last step on">
          {(id) => (
            <input
              id={id}
              className="input"
              type="date"
              value={history.lastActionDate ?? ''}
              onChange={(e) => setHistory({ lastActionDate: e.target.value || undefined })}
            />
          )}
        </Field>
      </fieldset>
    </div>
  );
}
