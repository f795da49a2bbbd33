/**
 * The shared real-world samples (see each SOURCE.md). They are not in the repository: set
 * DUNWELL_SHARED_DATA to the data folder (e.g. /work/shared/data). Without it these tests are
 * skipped on a developer machine and fail in CI.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daysBetween } from '../features/days';
import { loadInvoicesCsv, loadMapping } from './mapping';

const dataDir = process.env.DUNWELL_SHARED_DATA || undefined;
const inCi = Boolean(process.env.CI);

function sharedFile(...parts: string[]): string {
  if (!dataDir)
    throw new Error('DUNWELL_SHARED_DATA is not set: CI must point it at the shared data folder (see .ci/run)');
  return join(dataDir, ...parts);
}

describe.skipIf(!dataDir && !inCi)('shared data samples', () => {
  it('ibm-ar: 1,930 invoices of 100 customers, 0 errors, dates consistent with the file\u2019s own day counts', () => {
    // The preset plus the file's own derived columns, to cross-check the date parsing.
    const mapping = { ...loadMapping('ibm-ar', process.cwd()), extra: ['countryCode', 'DaysToSettle', 'DaysLate'] };
    const { rows, errors } = loadInvoicesCsv(
      sharedFile('ibm-ar', 'WA_Fn-UseC_-Accounts-Receivable.before-2013-07.csv'),
      mapping,
    );
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1_930);
    expect(new Set(rows.map((r) => r.accountId)).size).toBe(100);
    expect(new Set(rows.map((r) => r.invoiceId)).size).toBe(1_930);
    for (const r of rows) {
      expect(r.issueDate < '2013-07-01').toBe(true);
      expect(daysBetween(r.issueDate, r.dueDate)).toBe(30);
      expect(r.settledDate).not.toBeNull();
      expect(daysBetween(r.issueDate, r.settledDate!)).toBe(Number(r.extra.DaysToSettle));
      expect(Math.max(0, daysBetween(r.dueDate, r.settledDate!))).toBe(Number(r.extra.DaysLate));
      expect(r.currency).toBe('USD');
      expect(typeof r.disputed).toBe('boolean');
      expect(typeof r.paperless).toBe('boolean');
    }
    expect(rows.some((r) => r.disputed) && rows.some((r) => !r.disputed)).toBe(true);
    expect(rows.some((r) => r.paperless) && rows.some((r) => !r.paperless)).toBe(true);
  });

  it('highradius: 6,316 invoices of 531 accounts once leading zeros are stripped, 0 errors, figures as SOURCE.md states', () => {
    const mapping = loadMapping('highradius', process.cwd());
    const { rows, errors } = loadInvoicesCsv(sharedFile('highradius', 'invoices.sample.csv'), mapping);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(6_316);
    expect(new Set(rows.map((r) => r.accountId)).size).toBe(531);
    expect(new Set(rows.map((r) => r.invoiceId)).size).toBe(6_316);
    expect(rows.every((r) => /^\d+$/.test(r.invoiceId))).toBe(true);
    // Written with and without the leading zero in the file: one account here.
    expect(rows.some((r) => r.accountId === '200769623')).toBe(true);
    expect(rows.some((r) => r.accountId.startsWith('0'))).toBe(false);
    // SOURCE.md: no open invoices; USD 5,797 and CAD 519; 10 due dates before posting; none cleared before posting;
    // 2,629 paid after the due date; posting dates 2018-12-30 .. 2020-02-27.
    expect(rows.every((r) => r.settledDate !== null)).toBe(true);
    expect(rows.filter((r) => r.currency === 'USD')).toHaveLength(5_797);
    expect(rows.filter((r) => r.currency === 'CAD')).toHaveLength(519);
    expect(rows.filter((r) => r.dueDate < r.issueDate)).toHaveLength(10);
    expect(rows.filter((r) => r.settledDate! < r.issueDate)).toHaveLength(0);
    expect(rows.filter((r) => r.settledDate! > r.dueDate)).toHaveLength(2_629);
    const posting = rows.map((r) => r.issueDate).sort();
    expect([posting[0], posting.at(-1)]).toEqual(['2018-12-30', '2020-02-27']);
    expect(rows.every((r) => r.extra.business_code !== undefined && r.extra.cust_payment_terms !== undefined)).toBe(
      true,
    );
  });
});
