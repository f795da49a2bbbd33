/**
 * Column mappings: how a user's CSV (other column names, date formats, yes/no words)
 * becomes canonical invoice rows, without editing the file.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { parse } from 'csv-parse/sync';
import { MAPPING_PRESETS_DIR } from '../paths';
import { addDays, isIsoDate } from '../features/days';
import { canonicalInvoiceSchema, CANONICAL_COLUMNS, type CanonicalField, type CanonicalInvoice } from './canonical';

export const DATE_FORMATS = ['iso', 'm/d/yyyy', 'd/m/yyyy', 'yyyymmdd'] as const;

/** A pattern's parts: year, month and day tokens, or a literal separator. */
const TOKENS = ['yyyy', 'yy', 'Month', 'Mon', 'mm', 'm', 'dd', 'd'] as const;
type Token = (typeof TOKENS)[number];
const TOKEN_REGEX: Record<Token, string> = {
  yyyy: '(\\d{4})',
  yy: '(\\d{2})',
  Month: '([A-Za-z]+)',
  Mon: '([A-Za-z]{3})',
  mm: '(\\d{2})',
  m: '(\\d{1,2})',
  dd: '(\\d{2})',
  d: '(\\d{1,2})',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A date pattern compiled: its regular expression and which token each group is; undefined when it is not one. */
function compilePattern(pattern: string): { regex: RegExp; tokens: Token[] } | undefined {
  const tokens: Token[] = [];
  let source = '';
  for (let i = 0; i < pattern.length;) {
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      tokens.push(token);
      source += TOKEN_REGEX[token];
      i += token.length;
    } else if (/[A-Za-z0-9]/.test(pattern[i]!)) {
      return undefined;
    } else {
      source += pattern[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 1;
    }
  }
  const has = (...ts: Token[]) => tokens.filter((t) => ts.includes(t)).length === 1;
  if (!has('yyyy', 'yy') || !has('Month', 'Mon', 'mm', 'm') || !has('dd', 'd')) return undefined;
  return { regex: new RegExp(`^${source}$`), tokens };
}

/** A named format, or a pattern such as dd-Mon-yy (tokens yyyy, yy, mm, m, dd, d, Mon, Month). */
const dateFormat = z
  .string()
  .refine((f) => (DATE_FORMATS as readonly string[]).includes(f) || compilePattern(f) !== undefined, {
    message: `a date format: ${DATE_FORMATS.join(', ')}, or a pattern of yyyy|yy, mm|m|Mon|Month, dd|d and separators, such as dd-Mon-yy`,
    // Said even when another part of the mapping is wrong too.
    when: () => true,
  });
export type DateFormat = string;

const columnSpec = z.union([
  z.string().min(1),
  z.object({ column: z.string().min(1), format: dateFormat.optional() }).strict(),
  z.object({ constant: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).strict(),
  /** A date computed from another date field of the row plus a column of days (empty days: no date). */
  z
    .object({ addDays: z.object({ to: z.enum(['issueDate', 'dueDate']), column: z.string().min(1) }).strict() })
    .strict(),
  /** An id made from the row's line in the file, for files without one. */
  z.object({ generated: z.literal('line') }).strict(),
]);

export const mappingSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    /** Canonical field -> source column (or a constant). */
    columns: z
      .object({
        invoiceId: columnSpec,
        accountId: columnSpec,
        issueDate: columnSpec,
        dueDate: columnSpec,
        amount: columnSpec,
        currency: columnSpec,
        settledDate: columnSpec,
        disputed: columnSpec.optional(),
        paperless: columnSpec.optional(),
      })
      .strict()
      .superRefine((columns, ctx) => {
        // A date counted from a date that is counted from it has no value to start from.
        for (const start of ['issueDate', 'dueDate'] as const) {
          const chain: string[] = [start];
          let spec = columns[start];
          while (typeof spec === 'object' && 'addDays' in spec) {
            chain.push(spec.addDays.to);
            if (spec.addDays.to === start) {
              ctx.addIssue({ code: 'custom', path: [start], message: `is counted from itself (${chain.join(' → ')})` });
              break;
            }
            spec = columns[spec.addDays.to];
          }
        }
      }),
    /** Default date format of the date columns. */
    dateFormat: dateFormat.default('iso'),
    /** How amounts are written: 1,234.56 (the default) or 1.234,56; the thousands separators are removed. */
    numbers: z
      .object({ thousands: z.enum([',', '.', ' ', "'", '']), decimal: z.enum(['.', ',']) })
      .strict()
      .refine((n) => n.thousands !== n.decimal, 'the thousands separator and the decimal mark must differ')
      .default({ thousands: ',', decimal: '.' }),
    /** Words meaning yes and no in boolean columns (compared case-insensitively). */
    booleans: z
      .object({ true: z.array(z.string()), false: z.array(z.string()) })
      .default({ true: ['true', 'yes', '1'], false: ['false', 'no', '0'] }),
    /** Account ids written with and without leading zeros are one account. */
    stripLeadingZeros: z.boolean().default(false),
    /** Source columns kept as extra text columns. */
    extra: z.array(z.string()).default([]),
  })
  .strict();
export type Mapping = z.infer<typeof mappingSchema>;

export const PRESET_NAMES = ['canonical', 'ibm-ar', 'highradius'] as const;

/** A preset name, or a mapping file path resolved against `cwd` (the folder the user ran the command from). */
export function loadMapping(nameOrPath: string, cwd: string): Mapping {
  const file = (PRESET_NAMES as readonly string[]).includes(nameOrPath)
    ? join(MAPPING_PRESETS_DIR, `${nameOrPath}.json`)
    : isAbsolute(nameOrPath)
      ? nameOrPath
      : resolve(cwd, nameOrPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `Mapping "${nameOrPath}" is neither a preset (${PRESET_NAMES.join(', ')}) nor a readable file (looked for ${file})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Mapping ${String(file)} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Mapping ${String(file)} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

const pad = (n: string) => n.padStart(2, '0');

/** A source date as YYYY-MM-DD, or undefined when it does not parse. */
export function parseDate(raw: string, format: DateFormat): string | undefined {
  const text = raw.trim();
  let m: RegExpMatchArray | null;
  switch (format) {
    case 'iso':
      m = text.match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/);
      return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
    case 'yyyymmdd':
      m = text.match(/^(\d{4})(\d{2})(\d{2})(?:\.0+)?$/);
      return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
    case 'm/d/yyyy':
      m = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
      return m ? `${m[3]}-${pad(m[1]!)}-${pad(m[2]!)}` : undefined;
    case 'd/m/yyyy':
      m = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
      return m ? `${m[3]}-${pad(m[2]!)}-${pad(m[1]!)}` : undefined;
  }
  return parsePattern(text, format);
}

/** Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999. */
const fullYear = (yy: string) => String(Number(yy) < 70 ? 2000 + Number(yy) : 1900 + Number(yy));

function parsePattern(text: string, pattern: string): string | undefined {
  const compiled = compilePattern(pattern);
  const m = compiled && text.match(compiled.regex);
  if (!compiled || !m) return undefined;
  let [year, month, day] = ['', '', ''];
  compiled.tokens.forEach((token, i) => {
    const part = m[i + 1]!;
    if (token === 'yyyy') year = part;
    else if (token === 'yy') year = fullYear(part);
    else if (token === 'Mon' || token === 'Month') {
      const index = MONTHS.indexOf(part.slice(0, 3).toLowerCase());
      month = index === -1 ? '' : pad(String(index + 1));
    } else if (token === 'mm' || token === 'm') month = pad(part);
    else day = pad(part);
  });
  const date = `${year}-${month}-${day}`;
  return isIsoDate(date) ? date : undefined;
}

export interface RowError {
  /** 1-based line in the file, counting the header. */
  line: number;
  message: string;
}

export interface LoadedInvoices {
  rows: CanonicalInvoice[];
  /** The rows skipped, each with why. */
  errors: RowError[];
  /** Rows taken but suspect: due or paid before they were issued (a day/month mix-up shows this way). */
  warnings: RowError[];
  /** Rows taken after a repair: amounts written with thousands separators. */
  repaired: { amountSeparators: number };
  /** What the sanity checks found: suspect rows (kept, among `warnings`) and repeated ids (skipped, among `errors`). */
  checks: { dueBeforeIssue: number; paidBeforeIssue: number; duplicateIds: number };
}

const DATE_FIELDS: ReadonlySet<CanonicalField> = new Set(['issueDate', 'dueDate', 'settledDate']);
const BOOLEAN_FIELDS: ReadonlySet<CanonicalField> = new Set(['disputed', 'paperless']);

/**
 * Applies a mapping to CSV text. Rows that do not fit are reported with their line and raw values,
 * never dropped silently; rows that fit but make little sense are kept and reported as warnings.
 */
export function mapCsv(text: string, mapping: Mapping): LoadedInvoices {
  const parsedRecords = parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as unknown as Array<{ record: string[]; info: { empty_lines: number } }>;
  const records = parsedRecords.map((r) => r.record);
  // The 1-based line each record starts on: the lines of the records before it (with line breaks
  // inside quoted fields) plus the empty lines skipped so far. csv-parse's own line count is off
  // after a CRLF inside quotes.
  const startLines: number[] = [];
  parsedRecords.reduce((linesBefore, { record, info }) => {
    startLines.push(linesBefore + info.empty_lines + 1);
    return linesBefore + 1 + (record.join(',').match(/\r\n|\r|\n/g)?.length ?? 0);
  }, 0);
  const header = records[0] ?? [];
  const indexOf = (column: string) => header.indexOf(column);
  const missing = Object.values(mapping.columns)
    .flatMap((spec) =>
      typeof spec === 'string'
        ? [spec]
        : spec && 'column' in spec
          ? [spec.column]
          : spec && 'addDays' in spec
            ? [spec.addDays.column]
            : [],
    )
    .concat(mapping.extra)
    .filter((c) => indexOf(c) === -1);
  if (missing.length > 0)
    throw new Error(`The file has no column ${missing.map((c) => `"${c}"`).join(', ')} (mapping ${mapping.name})`);

  const yes = new Set(mapping.booleans.true.map((w) => w.toLowerCase()));
  const no = new Set(mapping.booleans.false.map((w) => w.toLowerCase()));
  const { thousands, decimal } = mapping.numbers;
  const rows: CanonicalInvoice[] = [];
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const repaired = { amountSeparators: 0 };
  const checks = { dueBeforeIssue: 0, paidBeforeIssue: 0, duplicateIds: 0 };
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const line = startLines[i + 1]!;
    const problems: string[] = [];
    const read = new Map<CanonicalField, unknown>();
    /** What each date was read from, as written: `column "raw"`. */
    const written = new Map<CanonicalField, string>();
    // Each field read once: a computed date reads the date it counts from.
    const value = (field: CanonicalField): unknown => {
      if (!read.has(field)) read.set(field, readField(field));
      return read.get(field);
    };
    const readField = (field: CanonicalField): unknown => {
      const spec = mapping.columns[field];
      if (spec === undefined) return null;
      if (typeof spec === 'object' && 'constant' in spec) return spec.constant;
      if (typeof spec === 'object' && 'generated' in spec) return `line-${line}`;
      if (typeof spec === 'object' && 'addDays' in spec) {
        const raw = (record[indexOf(spec.addDays.column)] ?? '').trim();
        if (raw === '') return null;
        const days = Number(raw.replace(/\.0+$/, ''));
        const from = value(spec.addDays.to);
        written.set(field, `${written.get(spec.addDays.to) ?? spec.addDays.to} + ${spec.addDays.column} "${raw}"`);
        if (!Number.isInteger(days)) problems.push(`${spec.addDays.column} "${raw}" is not a whole number of days`);
        return Number.isInteger(days) && typeof from === 'string' ? addDays(from, days) : undefined;
      }
      const column = typeof spec === 'string' ? spec : spec.column;
      const raw = (record[indexOf(column)] ?? '').trim();
      if (DATE_FIELDS.has(field)) {
        if (raw === '') return null;
        const format = typeof spec === 'object' && 'format' in spec && spec.format ? spec.format : mapping.dateFormat;
        const date = parseDate(raw, format);
        written.set(field, `${column} "${raw}"`);
        if (date === undefined) problems.push(`${column} "${raw}" is not a ${format} date`);
        return date;
      }
      if (BOOLEAN_FIELDS.has(field)) {
        if (raw === '') return null;
        if (yes.has(raw.toLowerCase())) return true;
        if (no.has(raw.toLowerCase())) return false;
        problems.push(`${column} "${raw}" is neither a yes nor a no word`);
        return null;
      }
      if (field === 'amount') {
        if (raw === '') {
          problems.push(`${column} is empty`);
          return undefined;
        }
        let text = raw;
        if (thousands !== '' && text.includes(thousands)) {
          text = text.split(thousands).join('');
          repaired.amountSeparators += 1;
        }
        const amount = Number(decimal === ',' ? text.replace(',', '.') : text);
        if (!Number.isFinite(amount)) problems.push(`${column} "${raw}" is not an amount`);
        return amount;
      }
      if (field === 'accountId' && mapping.stripLeadingZeros) return raw.replace(/^0+(?=.)/, '');
      // Float-like numeric ids ("1929634692.0") are the number; other ids are kept as written.
      if (field === 'invoiceId') return raw.replace(/^(\d+)\.0+$/, '$1');
      return raw;
    };
    const candidate = Object.fromEntries(
      (Object.keys(CANONICAL_COLUMNS) as CanonicalField[]).map((f) => [f, value(f)]),
    );
    candidate.extra = Object.fromEntries(mapping.extra.map((c) => [c, (record[indexOf(c)] ?? '').trim()]));
    const parsed = canonicalInvoiceSchema.safeParse(candidate);
    if (problems.length > 0 || !parsed.success) {
      // What could not be read is said once, with its raw value; the schema speaks for the rest.
      const zodProblems =
        parsed.success || problems.length > 0
          ? []
          : parsed.error.issues.map((issue) => {
              const field = String(issue.path[0] ?? '');
              return `${issue.path.join('.')} ${JSON.stringify(candidate[field] ?? null)}: ${issue.message}`;
            });
      errors.push({ line, message: [...problems, ...zodProblems].join('; ') });
      return;
    }
    const invoice = parsed.data;
    const first = seen.get(invoice.invoiceId);
    if (first !== undefined) {
      checks.duplicateIds += 1;
      errors.push({ line, message: `invoice ${invoice.invoiceId} is also on line ${first}` });
      return;
    }
    seen.set(invoice.invoiceId, line);
    const as = (field: CanonicalField, date: string) => (written.has(field) ? `${date} (${written.get(field)})` : date);
    const suspect: string[] = [];
    if (invoice.dueDate < invoice.issueDate) {
      checks.dueBeforeIssue += 1;
      suspect.push(`due ${as('dueDate', invoice.dueDate)} is before issue ${as('issueDate', invoice.issueDate)}`);
    }
    if (invoice.settledDate !== null && invoice.settledDate < invoice.issueDate) {
      checks.paidBeforeIssue += 1;
      suspect.push(
        `paid ${as('settledDate', invoice.settledDate)} is before issue ${as('issueDate', invoice.issueDate)}`,
      );
    }
    if (suspect.length > 0) warnings.push({ line, message: suspect.join('; ') });
    rows.push(invoice);
  });
  return { rows, errors, warnings, repaired, checks };
}

export function loadInvoicesCsv(path: string, mapping: Mapping): LoadedInvoices {
  return mapCsv(readFileSync(path, 'utf8'), mapping);
}
