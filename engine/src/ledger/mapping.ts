/**
 * Column mappings: how a user's CSV (other column names, date formats, yes/no words)
 * becomes canonical invoice rows, without editing the file.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { parse } from 'csv-parse/sync';
import { MAPPING_PRESETS_DIR } from '../paths';
import { canonicalInvoiceSchema, CANONICAL_COLUMNS, type CanonicalField, type CanonicalInvoice } from './canonical';

export const DATE_FORMATS = ['iso', 'm/d/yyyy', 'd/m/yyyy', 'yyyymmdd'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const columnSpec = z.union([
  z.string().min(1),
  z.object({ column: z.string().min(1), format: z.enum(DATE_FORMATS).optional() }).strict(),
  z.object({ constant: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).strict(),
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
      .strict(),
    /** Default date format of the date columns. */
    dateFormat: z.enum(DATE_FORMATS).default('iso'),
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
    throw new Error(`Mapping "${nameOrPath}" is neither a preset (${PRESET_NAMES.join(', ')}) nor a readable file`);
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
}

export interface RowError {
  /** 1-based line in the file, counting the header. */
  line: number;
  message: string;
}

export interface LoadedInvoices {
  rows: CanonicalInvoice[];
  errors: RowError[];
}

const DATE_FIELDS: ReadonlySet<CanonicalField> = new Set(['issueDate', 'dueDate', 'settledDate']);
const BOOLEAN_FIELDS: ReadonlySet<CanonicalField> = new Set(['disputed', 'paperless']);

/** Applies a mapping to CSV text. Rows that do not fit are reported with their line, never dropped silently. */
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
    .flatMap((spec) => (typeof spec === 'string' ? [spec] : spec && 'column' in spec ? [spec.column] : []))
    .concat(mapping.extra)
    .filter((c) => indexOf(c) === -1);
  if (missing.length > 0)
    throw new Error(`The file has no column ${missing.map((c) => `"${c}"`).join(', ')} (mapping ${mapping.name})`);

  const yes = new Set(mapping.booleans.true.map((w) => w.toLowerCase()));
  const no = new Set(mapping.booleans.false.map((w) => w.toLowerCase()));
  const rows: CanonicalInvoice[] = [];
  const errors: RowError[] = [];
  records.slice(1).forEach((record, i) => {
    const line = startLines[i + 1]!;
    const problems: string[] = [];
    const value = (field: CanonicalField): unknown => {
      const spec = mapping.columns[field];
      if (spec === undefined) return null;
      if (typeof spec === 'object' && 'constant' in spec) return spec.constant;
      const column = typeof spec === 'string' ? spec : spec.column;
      const raw = (record[indexOf(column)] ?? '').trim();
      if (DATE_FIELDS.has(field)) {
        if (raw === '') return null;
        const format = typeof spec === 'object' && 'format' in spec && spec.format ? spec.format : mapping.dateFormat;
        const date = parseDate(raw, format);
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
      if (field === 'amount') return raw === '' ? undefined : Number(raw);
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
      const zodProblems = parsed.success
        ? []
        : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      errors.push({ line, message: [...problems, ...zodProblems].join('; ') });
      return;
    }
    rows.push(parsed.data);
  });
  return { rows, errors };
}

export function loadInvoicesCsv(path: string, mapping: Mapping): LoadedInvoices {
  return mapCsv(readFileSync(path, 'utf8'), mapping);
}
