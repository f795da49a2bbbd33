/**
 * The invoice, account and dunning history to simulate, as a form over a decide request: every
 * input a catalogue fact is made of can be set (the model scores are computed, not set), in three
 * groups folded until opened. An emptied optional field is "not known", absent from the request.
 */
import { type ReactNode } from 'react';
import { ACTION_TYPES, COUNTRY_CODES, CURRENCY_CODES, factLabel, SEGMENTS } from '@dunwell/engine/policy';
import { type SimulationInput } from '../api';
import { actionName, formatValue } from '../nodes/describe';
import { Field, NumberInput } from '../inspector/fields';
import { fromPercent, toPercent } from '../inspector/values';

type Invoice = SimulationInput['invoice'];
type Account = NonNullable<SimulationInput['account']>;
type History = NonNullable<SimulationInput['history']>;

/** Drops keys set to undefined, so "not known" is absent from the request rather than null. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function Group({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <details className="sim-form__group" data-testid={testId}>
      <summary>{title}</summary>
      <div className="sim-form__fields">{children}</div>
    </details>
  );
}

/** A number that may be unknown: empty means absent. */
function OptionalNumber({
  label,
  hint,
  value,
  onChange,
  integer,
  percent,
}: {
  label: string;
  hint?: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  integer?: boolean;
  /** A share: entered as a percentage, sent as a ratio. */
  percent?: boolean;
}) {
  return (
    <Field label={label} hint={hint ?? 'empty: not known'}>
      {(id) => (
        <NumberInput
          id={id}
          value={value === undefined ? null : percent ? toPercent(value) : value}
          integer={integer}
          min={0}
          max={percent ? 100 : undefined}
          unit={percent ? '%' : undefined}
          onChange={(n) => onChange(percent ? fromPercent(n) : n)}
          onEmpty={() => onChange(undefined)}
        />
      )}
    </Field>
  );
}

function OptionalDate({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string | null | undefined;
  onChange: (value: string | undefined) => void;
  testId?: string;
}) {
  return (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          className="input"
          type="date"
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value || undefined)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}

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
  const check = (checked: boolean | undefined, label: string, set: (checked: boolean) => void) => (
    <label className="check">
      <input type="checkbox" checked={checked === true} onChange={(e) => set(e.target.checked)} />
      {label}
    </label>
  );
  return (
    <div className="sim-form">
      <Group title="Invoice" testId="sim-group-invoice">
        <div className="field-row">
          <Field label={factLabel('amount')}>
            {(id) => (
              <NumberInput id={id} value={invoice.amount} min={0} onChange={(amount) => setInvoice({ amount })} />
            )}
          </Field>
          <OptionalNumber
            label={factLabel('openAmount')}
            hint="empty: nothing paid yet"
            value={invoice.openAmount}
            onChange={(openAmount) => setInvoice({ openAmount })}
          />
        </div>
        <div className="field-row">
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
          <OptionalDate
            label="Promised payment date"
            value={invoice.promiseToPayDate}
            onChange={(date) => setInvoice({ promiseToPayDate: date ?? null })}
          />
        </div>
        <div className="checks">
          {check(invoice.disputed, factLabel('disputed'), (disputed) => setInvoice({ disputed }))}
          {check(invoice.paperless, factLabel('paperless'), (paperless) => setInvoice({ paperless }))}
        </div>
      </Group>

      <Group title="Account" testId="sim-group-account">
        <div className="field-row">
          <Field label={factLabel('segment')}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={account.segment ?? ''}
                onChange={(e) => setAccount({ segment: (e.target.value || undefined) as Account['segment'] })}
              >
                <option value="">not known</option>
                {SEGMENTS.map((s) => (
                  <option key={s} value={s}>
                    {formatValue(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={factLabel('country')}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={account.country ?? ''}
                onChange={(e) => setAccount({ country: (e.target.value || undefined) as Account['country'] })}
              >
                <option value="">not known</option>
                {COUNTRY_CODES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="field-row">
          <OptionalNumber
            label={factLabel('openBalance')}
            value={account.openBalance}
            onChange={(openBalance) => setAccount({ openBalance })}
          />
          <OptionalNumber
            label={factLabel('creditLimit')}
            value={account.creditLimit}
            onChange={(creditLimit) => setAccount({ creditLimit })}
          />
        </div>
        <div className="field-row">
          <OptionalNumber
            label={factLabel('openInvoiceCount')}
            integer
            value={account.openInvoiceCount}
            onChange={(openInvoiceCount) => setAccount({ openInvoiceCount })}
          />
          <OptionalNumber
            label={factLabel('settledInvoiceCount')}
            integer
            value={account.settledInvoiceCount}
            onChange={(settledInvoiceCount) => setAccount({ settledInvoiceCount })}
          />
        </div>
        <div className="field-row">
          <OptionalNumber
            label={factLabel('lateRate')}
            percent
            value={account.lateRate}
            onChange={(lateRate) => setAccount({ lateRate })}
          />
          <OptionalNumber
            label={factLabel('disputeRate')}
            percent
            value={account.disputeRate}
            onChange={(disputeRate) => setAccount({ disputeRate })}
          />
          <OptionalNumber
            label={factLabel('avgDaysLate')}
            value={account.avgDaysLate}
            onChange={(avgDaysLate) => setAccount({ avgDaysLate })}
          />
        </div>
        <div className="field-row">
          <OptionalDate
            label="Customer since"
            value={account.customerSince}
            onChange={(customerSince) => setAccount({ customerSince })}
          />
          <OptionalDate
            label="Last payment on"
            value={account.lastPaymentDate}
            onChange={(lastPaymentDate) => setAccount({ lastPaymentDate })}
          />
        </div>
        <div className="checks">
          {check(account.emailAllowed, factLabel('emailAllowed'), (emailAllowed) => setAccount({ emailAllowed }))}
          {check(account.smsAllowed, factLabel('smsAllowed'), (smsAllowed) => setAccount({ smsAllowed }))}
          {check(account.callAllowed, factLabel('callAllowed'), (callAllowed) => setAccount({ callAllowed }))}
          {check(account.doNotContact, factLabel('doNotContact'), (doNotContact) => setAccount({ doNotContact }))}
        </div>
      </Group>

      <Group title="Dunning so far" testId="sim-group-history">
        <div className="field-row">
          <OptionalNumber
            label={factLabel('stepsTaken')}
            integer
            value={history.stepsTaken}
            onChange={(stepsTaken) => setHistory({ stepsTaken })}
          />
          <OptionalNumber
            label={factLabel('contactsLast7Days')}
            integer
            value={history.contactsLast7Days}
            onChange={(contactsLast7Days) => setHistory({ contactsLast7Days })}
          />
        </div>
        <div className="field-row">
          <Field label={factLabel('lastActionType')}>
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
          <OptionalDate
            label="Last step on"
            value={history.lastActionDate}
            onChange={(lastActionDate) => setHistory({ lastActionDate })}
          />
        </div>
      </Group>
    </div>
  );
}
