/**
 * `pnpm train --data FILE --mapping NAME|FILE | --from-store, --cutoff YYYY-MM-DD --out DIR [...]`
 * Trains the risk and payment-date models out of time, evaluates them against baselines at
 * several as-of points, and writes DIR/risk/ and DIR/payment-date/ with model.onnx,
 * manifest.json, card.md, plots and the test predictions.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { isIsoDate } from '@dunwell/engine/features';
import { loadConfig } from '@dunwell/engine/config';
import {
  loadInvoicesCsv,
  loadMapping,
  PRESET_NAMES,
  type CanonicalInvoice,
  type LoadedInvoices,
} from '@dunwell/engine/ledger';
import { openDatabase, trainingLedger } from '@dunwell/engine/store';
import { progress, type Progress } from '@dunwell/engine/progress';
import { LEARNERS, trainModels, type LearnerChoice } from './pipeline';
import { dunningSummary, type LedgerDetail } from './dataset';
import { summaryTable } from './summary';

/** A run stops when more than this share of the file's rows cannot be used. */
const DEFAULT_MAX_SKIPPED = 0.02;

/** What loading found, in lines a person reads: counts, then the first skipped rows with their raw values. */
function loadingSummary({ rows, errors, warnings, repaired, checks }: LoadedInvoices, file: string): string {
  const lines = [`${file}: ${rows.length} invoices read, ${errors.length} rows skipped, ${warnings.length} suspect`];
  if (repaired.amountSeparators > 0)
    lines.push(`  ${repaired.amountSeparators} amounts read without their thousands separators`);
  if (checks.dueBeforeIssue > 0)
    lines.push(`  ${checks.dueBeforeIssue} suspect: due before issued (a day/month order?)`);
  if (checks.paidBeforeIssue > 0) lines.push(`  ${checks.paidBeforeIssue} suspect: paid before issued`);
  if (checks.duplicateIds > 0) lines.push(`  ${checks.duplicateIds} skipped: an invoice id seen on an earlier line`);
  const listed = [...errors, ...warnings].sort((a, b) => a.line - b.line);
  for (const e of listed.slice(0, 5)) lines.push(`  line ${e.line}: ${e.message}`);
  if (listed.length > 5) lines.push(`  ... and ${listed.length - 5} more`);
  return lines.join('\n');
}

const USAGE =
  'usage: pnpm train --data FILE --mapping NAME|FILE --cutoff YYYY-MM-DD --out DIR [--seed N] [--refit-all] [--hidden N] [--ensemble N] [--learner network|trees|best] [--max-skipped SHARE] [--provenance TEXT]\n' +
  '       pnpm train --from-store --cutoff YYYY-MM-DD --out DIR [...]';

const HELP = `${USAGE}

Trains the risk and payment-date models on a CSV of invoices, evaluates them out of time against
baselines, and writes DIR/risk/ and DIR/payment-date/ (model.onnx, manifest.json, card.md, plots).

  --data FILE          the invoices, one per row (a path from where you run the command)
  --mapping NAME|FILE  how the file's columns become Dunwell's: a preset (${PRESET_NAMES.join(', ')})
                       or a mapping file (docs/ledger.md); default canonical
  --from-store         instead of a file, the engine's own ledger: its invoices, the payments that
                       settled them, the disputes recorded on them (open or not on each day), and the
                       dunning done (steps taken and promises to pay, which become inputs). The
                       database is the engine's (DATABASE_URL, else the embedded one in
                       DUNWELL_DATA_DIR, default .data; stop the engine first, as one process owns
                       an embedded database)
  --cutoff YYYY-MM-DD  train on invoices issued and paid before it, test on those issued on or after it;
                       without it, no test set
  --out DIR            where the models are written
  --seed N             random seed (default 42): the same data and settings give the same models
  --refit-all          after the evaluation, fit again on every invoice (the card keeps the evaluation's metrics)
  --hidden N           hidden units (0 to 256; default chosen from the amount of data)
  --ensemble N         networks averaged per model (1 to 20; default 5)
  --learner NAME       network, trees (gradient-boosted), or best (default): both are fitted and the one
                       that does better on the validation slice is kept
  --max-skipped SHARE  stop when more than this share of the rows are skipped (unreadable, or an id seen
                       before) or suspect (due or paid before issued); default ${DEFAULT_MAX_SKIPPED}.
                       The first are listed with their line and raw values
  --provenance TEXT    where the data comes from, for the model card
  --help               this text`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        data: { type: 'string' },
        'from-store': { type: 'boolean', default: false },
        mapping: { type: 'string' },
        cutoff: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string', default: '42' },
        'refit-all': { type: 'boolean', default: false },
        provenance: { type: 'string', default: '' },
        hidden: { type: 'string' },
        ensemble: { type: 'string', default: '5' },
        learner: { type: 'string', default: 'best' },
        'max-skipped': { type: 'string', default: String(DEFAULT_MAX_SKIPPED) },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message} (--help describes every option)`);
  }
})();

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (!values.out) fail('--out is required');
if (values['from-store'] === (values.data !== undefined)) fail('give either --data FILE or --from-store');
if (values['from-store'] && values.mapping !== undefined)
  fail('--mapping reads a file: it does not go with --from-store');
if (values.cutoff !== undefined && !isIsoDate(values.cutoff)) fail(`--cutoff must be YYYY-MM-DD, not ${values.cutoff}`);
const seed = Number(values.seed);
const hidden = values.hidden === undefined ? undefined : Number(values.hidden);
if (hidden !== undefined && (!Number.isInteger(hidden) || hidden < 0 || hidden > 256))
  fail('--hidden must be an integer from 0 to 256');
const ensemble = Number(values.ensemble);
if (!Number.isInteger(ensemble) || ensemble < 1 || ensemble > 20) fail('--ensemble must be an integer from 1 to 20');
if (!Number.isInteger(seed)) fail('--seed must be an integer');
const learnerChoices: readonly string[] = [...LEARNERS, 'best'];
if (!learnerChoices.includes(values.learner!))
  fail(`--learner must be one of ${learnerChoices.join(', ')}, not ${values.learner}`);
const learner = values.learner as LearnerChoice;
const maxSkipped = Number(values['max-skipped']);
if (!(maxSkipped >= 0 && maxSkipped <= 1))
  fail(`--max-skipped must be a share from 0 to 1, not ${values['max-skipped']}`);

// pnpm runs this in training/: the user's relative paths mean the folder they ran pnpm from.
const cwd = process.env.INIT_CWD ?? process.cwd();
/** The ledger in an engine's store, with where it came from for the card (a server without its credentials). */
async function readStore(): Promise<{ rows: CanonicalInvoice[]; ledger: LedgerDetail; source: string }> {
  const config = loadConfig({ ...process.env, INIT_CWD: cwd });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
  try {
    const { invoices: rows, records, accounts } = await trainingLedger(database.db);
    const server = config.databaseUrl ? new URL(config.databaseUrl) : undefined;
    return {
      rows,
      ledger: { records, accounts },
      source: server ? `store ${server.host}${server.pathname}` : `store ${config.dataDir}`,
    };
  } finally {
    await database.close();
  }
}

/** The invoices from the file or the store, and what loading them found. */
async function load(): Promise<{
  rows: CanonicalInvoice[];
  ledger?: LedgerDetail;
  source: string;
  mapping: string;
  loading: LoadingCounts;
}> {
  if (values['from-store']) {
    const { rows, ledger, source } = await readStore();
    const dunning = dunningSummary(ledger.records);
    console.error(
      `${source}: ${rows.length} invoices, ${rows.filter((r) => r.settledDate !== null).length} of them paid; ` +
        `${dunning.steps} dunning steps and ${dunning.promises} promises to pay`,
    );
    if (rows.length === 0) fail(`the ledger in the ${source} holds no invoices`);
    const none = { amountSeparators: 0 };
    return {
      rows,
      ledger,
      source,
      mapping: 'store',
      loading: { rows: rows.length, skipped: 0, suspect: 0, repaired: none, checks: {} },
    };
  }
  const mapping = loadMapping(values.mapping ?? 'canonical', cwd);
  const dataFile = resolve(cwd, values.data!);
  if (!existsSync(dataFile)) fail(`--data: no file at ${dataFile}`);
  const loaded = loadInvoicesCsv(dataFile, mapping);
  const { rows, errors, warnings } = loaded;
  const total = rows.length + errors.length;
  const unusable = errors.length + warnings.length;
  console.error(loadingSummary(loaded, dataFile));
  if (rows.length === 0) fail(`no usable rows in ${dataFile}`);
  if (unusable > maxSkipped * total) {
    console.error(
      `training stopped: ${unusable} of ${total} rows (${((unusable / total) * 100).toFixed(1)}%) were skipped or suspect, ` +
        `more than --max-skipped ${maxSkipped}. Fix the mapping (see the lines above), or raise --max-skipped.`,
    );
    process.exit(1);
  }
  return {
    rows,
    source: values.data!,
    mapping: mapping.name,
    loading: {
      rows: total,
      skipped: errors.length,
      suspect: warnings.length,
      repaired: loaded.repaired,
      checks: loaded.checks,
    },
  };
}

type LoadingCounts = NonNullable<Parameters<typeof trainModels>[1]['loading']>;

try {
  const { rows, ledger, source, mapping, loading } = await load();
  if (values.cutoff !== undefined) {
    const issued = rows.map((r) => r.issueDate).sort();
    const [first, last] = [issued[0]!, issued.at(-1)!];
    if (values.cutoff <= first || values.cutoff > last) {
      fail(`--cutoff ${values.cutoff} leaves nothing on one side: the invoices were issued from ${first} to ${last}`);
    }
  }
  const started = Date.now();
  let bar: Progress | undefined;
  const written = await trainModels(rows, {
    cutoff: values.cutoff ?? null,
    outDir: resolve(cwd, values.out!),
    seed,
    refitAll: values['refit-all']!,
    source,
    mapping,
    provenance: values.provenance!,
    hidden,
    ensemble,
    learner,
    loading,
    ledger,
    progress: (done, total, note) => {
      bar ??= progress('training', total);
      bar.update(done, note);
    },
  });
  bar?.finish(`trained ${written.length} models in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(summaryTable(written));
} catch (error) {
  console.error(`training failed: ${(error as Error).message}`);
  process.exit(1);
}
