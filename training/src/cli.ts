/**
 * `pnpm train --data FILE --mapping NAME|FILE --cutoff YYYY-MM-DD --out DIR [--seed N] [--refit-all]`
 * Trains the risk and payment-date models out of time, evaluates them against baselines,
 * and writes DIR/risk/ and DIR/payment-date/ with model.onnx, manifest.json, card.md and plots.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { isIsoDate } from '@dunwell/engine/features';
import { loadInvoicesCsv, loadMapping } from '@dunwell/engine/ledger';
import { trainModels } from './pipeline';

const USAGE =
  'usage: pnpm train --data FILE --mapping NAME|FILE --cutoff YYYY-MM-DD --out DIR [--seed N] [--refit-all] [--hidden N] [--ensemble N] [--provenance TEXT]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        data: { type: 'string' },
        mapping: { type: 'string', default: 'canonical' },
        cutoff: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string', default: '42' },
        'refit-all': { type: 'boolean', default: false },
        provenance: { type: 'string', default: '' },
        hidden: { type: 'string' },
        ensemble: { type: 'string', default: '5' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();

if (!values.data || !values.out) fail('--data and --out are required');
if (values.cutoff !== undefined && !isIsoDate(values.cutoff)) fail(`--cutoff must be YYYY-MM-DD, not ${values.cutoff}`);
const seed = Number(values.seed);
const hidden = values.hidden === undefined ? undefined : Number(values.hidden);
if (hidden !== undefined && (!Number.isInteger(hidden) || hidden < 0 || hidden > 256))
  fail('--hidden must be an integer from 0 to 256');
const ensemble = Number(values.ensemble);
if (!Number.isInteger(ensemble) || ensemble < 1 || ensemble > 20) fail('--ensemble must be an integer from 1 to 20');
if (!Number.isInteger(seed)) fail('--seed must be an integer');

// pnpm runs this in training/: the user's relative paths mean the folder they ran pnpm from.
const cwd = process.env.INIT_CWD ?? process.cwd();
try {
  const mapping = loadMapping(values.mapping!, cwd);
  const dataFile = resolve(cwd, values.data!);
  const { rows, errors } = loadInvoicesCsv(dataFile, mapping);
  if (errors.length > 0) {
    console.error(
      `${errors.length} rows skipped; the first: ${errors
        .slice(0, 3)
        .map((e) => `line ${e.line}: ${e.message}`)
        .join(' | ')}`,
    );
  }
  if (rows.length === 0) fail(`no usable rows in ${dataFile}`);
  const started = Date.now();
  const written = await trainModels(rows, {
    cutoff: values.cutoff ?? null,
    outDir: resolve(cwd, values.out!),
    seed,
    refitAll: values['refit-all']!,
    source: values.data!,
    mapping: mapping.name,
    provenance: values.provenance!,
    hidden,
    ensemble,
    progress: (line) => process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${line}` : `${line}\n`),
  });
  process.stderr.write('\n');
  for (const w of written) console.log(w);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`training failed: ${(error as Error).message}`);
  process.exit(1);
}
