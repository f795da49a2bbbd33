import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMapping, mapCsv, parseDate } from './mapping';

const IBM_HEADER =
  'countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate';
const HR_HEADER =
  'business_code,cust_number,name_customer,clear_date,buisness_year,doc_id,posting_date,document_create_date,document_create_date,due_in_date,invoice_currency,document type,posting_id,area_business,total_open_amount,baseline_create_date,cust_payment_terms,invoice_id,isOpen';
const CANONICAL_HEADER = 'invoice_id,account_id,issue_date,due_date,amount,currency,settled_date,disputed,paperless';

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dunwell-mapping-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('ibm-ar preset', () => {
  const mapping = loadMapping('ibm-ar', process.cwd());

  it('reads m/d/yyyy dates, Yes/No and Electronic/Paper, a constant currency and the extra column', () => {
    const csv = [
      IBM_HEADER,
      '391,0379-NEVHP,4/6/2013,0000611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0',
      '406,8976-AMJEO,3/3/2012,0007900770,12/26/2012,1/25/2013,61.74,Yes,3/3/2013,Electronic,67,37',
      '770,1111-ABCDE,3/3/2012,0000000042,2/9/2012,3/10/2012,5.26,YES,,electronic,,',
    ].join('\n');
    const { rows, errors } = mapCsv(csv, mapping);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        invoiceId: '0000611365',
        accountId: '0379-NEVHP',
        issueDate: '2013-01-02',
        dueDate: '2013-02-01',
        amount: 55.94,
        currency: 'USD',
        settledDate: '2013-01-15',
        disputed: false,
        paperless: false,
        extra: { countryCode: '391' },
      },
      {
        invoiceId: '0007900770',
        accountId: '8976-AMJEO',
        issueDate: '2012-12-26',
        dueDate: '2013-01-25',
        amount: 61.74,
        currency: 'USD',
        settledDate: '2013-03-03',
        disputed: true,
        paperless: true,
        extra: { countryCode: '406' },
      },
      // Yes words are compared case-insensitively; an empty settled date is an open invoice.
      {
        invoiceId: '0000000042',
        accountId: '1111-ABCDE',
        issueDate: '2012-02-09',
        dueDate: '2012-03-10',
        amount: 5.26,
        currency: 'USD',
        settledDate: null,
        disputed: true,
        paperless: true,
        extra: { countryCode: '770' },
      },
    ]);
  });

  it('reports each bad row with its line number and reason, and keeps the good ones', () => {
    const csv = [
      IBM_HEADER, // line 1
      '391,0379-NEVHP,4/6/2013,0000611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0', // 2: good
      '391,0379-NEVHP,4/6/2013,0000611366,13/45/2012,2/1/2013,55.94,No,1/15/2013,Paper,13,0', // 3: no such date
      '391,0379-NEVHP,4/6/2013,0000611367,1/2/2013,2/1/2013,55.94,Maybe,1/15/2013,Paper,13,0', // 4: not a yes/no word
      '', // 5: empty line, skipped
      '391,0379-NEVHP,4/6/2013,0000611368,2013-01-02,2/1/2013,55.94,No,1/15/2013,Paper,13,0', // 6: ISO in an m/d/yyyy column
      '391,0379-NEVHP,4/6/2013,0000611369,1/2/2013,2/1/2013,lots,No,1/15/2013,Paper,13,0', // 7: amount not a number
      '391,0379-NEVHP,4/6/2013,0000611370,1/3/2013,2/2/2013,12.5,No,1/16/2013,Paper,13,0', // 8: good
    ].join('\n');
    const { rows, errors } = mapCsv(csv, mapping);
    expect(rows.map((r) => r.invoiceId)).toEqual(['0000611365', '0000611370']);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 6, 7]);
    expect(errors[0]!.message).toMatch(/issueDate/);
    expect(errors[1]!.message).toMatch(/Disputed "Maybe"/);
    expect(errors[2]!.message).toMatch(/InvoiceDate "2013-01-02" is not a m\/d\/yyyy date/);
    expect(errors[3]!.message).toMatch(/amount/);
  });

  it('names every missing column and the mapping in a clear error', () => {
    const header = IBM_HEADER.replace('SettledDate,', '').replace('countryCode,', '');
    expect(() => mapCsv(`${header}\n`, mapping)).toThrow(/no column "SettledDate", "countryCode" \(mapping ibm-ar\)/);
  });
});

describe('highradius preset', () => {
  const mapping = loadMapping('highradius', process.cwd());
  const hrRow = (o: {
    cust: string;
    clear: string;
    doc: string;
    posting: string;
    due: string;
    currency?: string;
    amount?: string;
    terms?: string;
  }) =>
    [
      'U001',
      o.cust,
      'WAL-MAR co',
      o.clear,
      '2019.0',
      o.doc,
      o.posting,
      '20190101',
      o.posting.replace(/-/g, ''),
      o.due,
      o.currency ?? 'USD',
      'RV',
      '1.0',
      '',
      o.amount ?? '100.5',
      '20190425.0',
      o.terms ?? 'NAH4',
      o.doc,
      o.clear ? '0' : '1',
    ].join(',');

  it('reads yyyymmdd.0 due dates and "YYYY-MM-DD 00:00:00" clear dates, strips ".0" from ids, despite a duplicate header name', () => {
    expect(HR_HEADER.split(',').filter((c) => c === 'document_create_date')).toHaveLength(2);
    const csv = [
      HR_HEADER,
      hrRow({
        cust: '0200769623',
        clear: '2019-05-06 00:00:00',
        doc: '1929205837.0',
        posting: '2019-04-25',
        due: '20190510.0',
        amount: '47462.61',
      }),
      hrRow({
        cust: 'CCCA02',
        clear: '',
        doc: '2960600001.0',
        posting: '2020-03-01',
        due: '20200311.0',
        currency: 'CAD',
        terms: 'CA10',
      }),
    ].join('\n');
    const { rows, errors } = mapCsv(csv, mapping);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        invoiceId: '1929205837',
        accountId: '200769623',
        issueDate: '2019-04-25',
        dueDate: '2019-05-10',
        amount: 47462.61,
        currency: 'USD',
        settledDate: '2019-05-06',
        disputed: null,
        paperless: null,
        extra: { business_code: 'U001', cust_payment_terms: 'NAH4' },
      },
      {
        invoiceId: '2960600001',
        accountId: 'CCCA02',
        issueDate: '2020-03-01',
        dueDate: '2020-03-11',
        amount: 100.5,
        currency: 'CAD',
        settledDate: null,
        disputed: null,
        paperless: null,
        extra: { business_code: 'U001', cust_payment_terms: 'CA10' },
      },
    ]);
  });

  it('treats customer numbers with and without leading zeros as one account', () => {
    const csv = [
      HR_HEADER,
      hrRow({
        cust: '0200769623',
        clear: '2019-05-06 00:00:00',
        doc: '1929205837.0',
        posting: '2019-04-25',
        due: '20190510.0',
      }),
      hrRow({
        cust: '200769623',
        clear: '2019-06-03 00:00:00',
        doc: '1929300001.0',
        posting: '2019-05-20',
        due: '20190604.0',
      }),
      hrRow({
        cust: '0140105686',
        clear: '2019-06-03 00:00:00',
        doc: '1929300002.0',
        posting: '2019-05-20',
        due: '20190604.0',
      }),
      hrRow({
        cust: 'CCU013',
        clear: '2019-06-03 00:00:00',
        doc: '1929300003.0',
        posting: '2019-05-20',
        due: '20190604.0',
      }),
    ].join('\n');
    const { rows, errors } = mapCsv(csv, mapping);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.accountId)).toEqual(['200769623', '200769623', '140105686', 'CCU013']);
    expect(new Set(rows.map((r) => r.accountId)).size).toBe(3);
  });

  it('reports a due date in the wrong format and a bad clear date with their lines', () => {
    const csv = [
      HR_HEADER,
      hrRow({
        cust: '0200769623',
        clear: '2019-05-06 00:00:00',
        doc: '1929205837.0',
        posting: '2019-04-25',
        due: '2019-05-10',
      }),
      hrRow({ cust: '0200769623', clear: '06/05/2019', doc: '1929205838.0', posting: '2019-04-25', due: '20190510.0' }),
      hrRow({
        cust: '0200769623',
        clear: '2019-05-06 00:00:00',
        doc: '1929205839.0',
        posting: '2019-04-25',
        due: '20190510.0',
      }),
    ].join('\n');
    const { rows, errors } = mapCsv(csv, mapping);
    expect(rows.map((r) => r.invoiceId)).toEqual(['1929205839']);
    expect(errors).toEqual([
      { line: 2, message: expect.stringMatching(/due_in_date "2019-05-10" is not a yyyymmdd date/) },
      { line: 3, message: expect.stringMatching(/clear_date "06\/05\/2019" is not a iso date/) },
    ]);
  });

  it('names a missing column', () => {
    const csv = `${HR_HEADER.replace('clear_date,', '')}\n`;
    expect(() => mapCsv(csv, mapping)).toThrow(/no column "clear_date" \(mapping highradius\)/);
  });
});

describe('line numbers of bad rows', () => {
  const mapping = loadMapping('canonical', process.cwd());
  const good = (id: string) => `${id},A1,2026-01-01,2026-01-31,10,USD,,false,true`;
  const bad = (id: string) => `${id},A1,2026-01-01,2026-01-31,ten,USD,,false,true`;

  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`count the header, empty lines and line breaks inside quoted fields (${name})`, () => {
      const lines = [
        CANONICAL_HEADER, // 1
        good('I1'), // 2
        '', // 3
        bad('I2'), // 4
        `"multi${eol}line",A1,2026-01-01,2026-01-31,10,USD,,false,true`, // 5-6
        bad('I3'), // 7
        '', // 8
        '', // 9
        bad('I4'), // 10
      ];
      const { rows, errors } = mapCsv(lines.join(eol) + eol, mapping);
      expect(rows.map((r) => r.invoiceId)).toEqual(['I1', `multi${eol}line`]);
      expect(errors.map((e) => e.line)).toEqual([4, 7, 10]);
      // Nothing is dropped silently: every data row is either a row or an error.
      expect(rows.length + errors.length).toBe(5);
    });
  }

  it('match the physical line of every bad row for random files (property)', () => {
    const item = fc.record({
      kind: fc.constantFrom('good', 'bad', 'empty', 'multiline'),
      breaks: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 25 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (items, eol, finalEol) => {
          const lines: string[] = [CANONICAL_HEADER];
          const expectedBad: number[] = [];
          let dataRows = 0;
          items.forEach(({ kind, breaks }, k) => {
            const lineNo = lines.join(eol).split(eol).length + 1;
            if (kind === 'empty') lines.push('');
            else if (kind === 'multiline')
              lines.push(`"id${k}${eol.repeat(breaks)}x",A1,2026-01-01,2026-01-31,10,USD,,,`);
            else if (kind === 'bad') lines.push(bad(`B${k}`));
            else lines.push(good(`G${k}`));
            if (kind === 'bad') expectedBad.push(lineNo);
            if (kind !== 'empty') dataRows += 1;
          });
          const { rows, errors } = mapCsv(lines.join(eol) + (finalEol ? eol : ''), mapping);
          expect(errors.map((e) => e.line)).toEqual(expectedBad);
          expect(rows.length + errors.length).toBe(dataRows);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts a byte order mark as nothing', () => {
    const { errors } = mapCsv(`\uFEFF${CANONICAL_HEADER}\n${bad('I1')}\n`, mapping);
    expect(errors.map((e) => e.line)).toEqual([2]);
  });
});

describe('parseDate', () => {
  it('parses each format and rejects the others', () => {
    expect(parseDate('2019-05-06 00:00:00', 'iso')).toBe('2019-05-06');
    expect(parseDate('2019-05-06T10:11:12Z', 'iso')).toBe('2019-05-06');
    expect(parseDate('20190510.0', 'yyyymmdd')).toBe('2019-05-10');
    expect(parseDate('20190510', 'yyyymmdd')).toBe('2019-05-10');
    expect(parseDate('1/2/2013', 'm/d/yyyy')).toBe('2013-01-02');
    expect(parseDate('1/2/2013', 'd/m/yyyy')).toBe('2013-02-01');
    expect(parseDate('2019-05-06', 'yyyymmdd')).toBeUndefined();
    expect(parseDate('20190510.5', 'yyyymmdd')).toBeUndefined();
    expect(parseDate('1/2/13', 'm/d/yyyy')).toBeUndefined();
  });
});

describe('loadMapping', () => {
  const custom = {
    name: 'my-erp',
    columns: {
      invoiceId: 'No',
      accountId: 'Customer',
      issueDate: 'Date',
      dueDate: 'Due',
      amount: 'Total',
      currency: { constant: 'EUR' },
      settledDate: 'Paid',
    },
    dateFormat: 'd/m/yyyy',
  };

  it('loads a preset by name, whatever the cwd', () => {
    const m = loadMapping('highradius', '/nonexistent');
    expect(m.name).toBe('highradius');
    expect(m.stripLeadingZeros).toBe(true);
    expect(loadMapping('canonical', '/').columns.invoiceId).toBe('invoice_id');
  });

  it('resolves a relative path against the given cwd, not the process cwd', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'maps'));
    writeFileSync(join(dir, 'maps', 'erp.json'), JSON.stringify(custom));
    const m = loadMapping('maps/erp.json', dir);
    expect(m.name).toBe('my-erp');
    // Defaults are filled in.
    expect(m.booleans.true).toContain('yes');
    expect(m.extra).toEqual([]);
    expect(loadMapping(join(dir, 'maps', 'erp.json'), '/').name).toBe('my-erp');
    expect(() => loadMapping('maps/erp.json', process.cwd())).toThrow(
      /Mapping "maps\/erp.json" is neither a preset \(canonical, ibm-ar, highradius\) nor a readable file/,
    );

    const { rows, errors } = mapCsv('No,Customer,Date,Due,Total,Paid\n7,C1,2/1/2026,3/2/2026,99.5,1/3/2026\n', m);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      invoiceId: '7',
      issueDate: '2026-01-02',
      dueDate: '2026-02-03',
      currency: 'EUR',
      settledDate: '2026-03-01',
      disputed: null,
    });
  });

  it('rejects an unknown preset name clearly', () => {
    expect(() => loadMapping('sap', process.cwd())).toThrow(
      /Mapping "sap" is neither a preset \(canonical, ibm-ar, highradius\) nor a readable file/,
    );
  });

  it('explains what is wrong with an invalid mapping file', () => {
    const dir = tempDir();
    const { amount: _dropped, ...columns } = custom.columns;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...custom, columns, dateFormat: 'dd.mm' }));
    let message = '';
    try {
      loadMapping('bad.json', dir);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/bad\.json is not valid/);
    expect(message).toMatch(/columns\.amount/);
    expect(message).toMatch(/dateFormat/);
  });

  it('explains a mapping file that is not JSON, naming the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{ "name": "x", ');
    expect(() => loadMapping('broken.json', dir)).toThrow(/broken\.json is not valid JSON/);
  });
});

describe('files a data scientist brings', () => {
  const base = {
    name: 'payables',
    columns: {
      invoiceId: { generated: 'line' },
      accountId: 'supplier',
      issueDate: { column: 'issued', format: 'dd-Mon-yy' },
      dueDate: { column: 'due', format: 'dd-Mon-yy' },
      amount: 'amount',
      currency: { constant: 'EUR' },
      settledDate: { addDays: { to: 'issueDate', column: 'days_to_pay' } },
    },
  };
  const mappingFile = (extra: Record<string, unknown> = {}) => {
    const file = join(tempDir(), 'payables.json');
    writeFileSync(file, JSON.stringify({ ...base, ...extra }));
    return loadMapping(file, '/');
  };
  const csv = (...lines: string[]) => ['supplier,issued,due,amount,days_to_pay', ...lines].join('\n');

  it('reads dd-Mon-yy dates, amounts with thousands separators, pay dates computed from days, ids from lines', () => {
    const { rows, errors, repaired } = mapCsv(
      csv('S1,26-Apr-11,26-May-11,"1,234.56",40', 'S2,03-Jan-98,02-Feb-98,99.5,'),
      mappingFile(),
    );
    expect(errors).toEqual([]);
    expect(repaired).toEqual({ amountSeparators: 1 });
    expect(rows.map((r) => [r.invoiceId, r.issueDate, r.dueDate, r.amount, r.settledDate])).toEqual([
      ['line-2', '2011-04-26', '2011-05-26', 1234.56, '2011-06-05'],
      ['line-3', '1998-01-03', '1998-02-02', 99.5, null],
    ]);
  });

  it('reads amounts written 1.234,56 when told to', () => {
    const mapping = mappingFile({ numbers: { thousands: '.', decimal: ',' } });
    expect(mapCsv(csv('S1,26-Apr-11,26-May-11,"1.234,56",40'), mapping).rows[0]!.amount).toBe(1234.56);
  });

  it('names the raw value of every field it cannot read', () => {
    const { errors } = mapCsv(csv('S1,26-Apr-11,26-May-11,12x,40', 'S2,31-Feb-11,26-May-11,10,forty'), mappingFile());
    expect(errors).toEqual([
      { line: 2, message: 'amount "12x" is not an amount' },
      {
        line: 3,
        message: 'issued "31-Feb-11" is not a dd-Mon-yy date; days_to_pay "forty" is not a whole number of days',
      },
    ]);
  });

  it('warns of rows due or paid before issue with what was written, and skips a repeated id, counting each', () => {
    const mapping = mappingFile({ columns: { ...base.columns, invoiceId: 'id' } });
    const text = [
      'id,supplier,issued,due,amount,days_to_pay',
      'A,S1,26-Apr-11,26-May-11,10,5',
      'B,S1,26-Apr-11,20-Apr-11,10,5',
      'C,S1,26-Apr-11,26-May-11,10,-3',
      'A,S2,27-Apr-11,27-May-11,10,5',
      'D,S1,26-Apr-11,20-Apr-11,10,-2',
    ].join('\n');
    const { rows, errors, warnings, checks } = mapCsv(text, mapping);
    expect(rows.map((r) => r.invoiceId)).toEqual(['A', 'B', 'C', 'D']);
    // D is both: each check counts it.
    expect(checks).toEqual({ dueBeforeIssue: 2, paidBeforeIssue: 2, duplicateIds: 1 });
    const issued = 'issue 2011-04-26 (issued "26-Apr-11")';
    expect(warnings).toEqual([
      { line: 3, message: `due 2011-04-20 (due "20-Apr-11") is before ${issued}` },
      { line: 4, message: `paid 2011-04-23 (issued "26-Apr-11" + days_to_pay "-3") is before ${issued}` },
      {
        line: 6,
        message: `due 2011-04-20 (due "20-Apr-11") is before ${issued}; paid 2011-04-24 (issued "26-Apr-11" + days_to_pay "-2") is before ${issued}`,
      },
    ]);
    expect(errors).toEqual([{ line: 5, message: 'invoice A is also on line 2' }]);
  });

  it('refuses a date counted from itself, naming the chain', () => {
    const file = join(tempDir(), 'cycle.json');
    const columns = {
      ...base.columns,
      issueDate: { addDays: { to: 'dueDate', column: 'terms' } },
      dueDate: { addDays: { to: 'issueDate', column: 'terms' } },
    };
    writeFileSync(file, JSON.stringify({ ...base, columns }));
    expect(() => loadMapping(file, '/')).toThrow(
      /issueDate.*is counted from itself \(issueDate → dueDate → issueDate\)/,
    );
  });

  it('refuses a date pattern it cannot read, saying what it accepts', () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ ...base, columns: { ...base.columns, issueDate: { column: 'issued', format: 'dd-Mon' } } }),
    );
    expect(() => loadMapping(file, '/')).toThrow(/a pattern of yyyy\|yy, mm\|m\|Mon\|Month, dd\|d/);
  });
});

describe('date patterns', () => {
  it('reads tokens in any order, with month names and two-digit years', () => {
    expect(parseDate('26-Apr-11', 'dd-Mon-yy')).toBe('2011-04-26');
    expect(parseDate('3 March 1999', 'd Month yyyy')).toBe('1999-03-03');
    expect(parseDate('1999.12.31', 'yyyy.mm.dd')).toBe('1999-12-31');
    expect(parseDate('26-Apr-71', 'dd-Mon-yy')).toBe('1971-04-26');
    expect(parseDate('31-Feb-11', 'dd-Mon-yy')).toBeUndefined();
    expect(parseDate('26-Foo-11', 'dd-Mon-yy')).toBeUndefined();
    expect(parseDate('26/Apr/11', 'dd-Mon-yy')).toBeUndefined();
  });
});
