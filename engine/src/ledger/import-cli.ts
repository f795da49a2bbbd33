/**
 * `pnpm ledger:import --data FILE --mapping NAME|FILE [--url http://127.0.0.1:8080]`
 * Maps a CSV with the same mappings training uses and upserts it into a running engine's
 * ledger in batches; importing the same file again changes nothing. The API key (ledger:write)
 * comes from DUNWELL_API_KEY.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadInvoicesCsv, loadMapping } from './mapping';

const USAGE =
  'usage: DUNWELL_API_KEY=<key> pnpm ledger:import --data FILE --mapping NAME|FILE [--url http://127.0.0.1:8080] [--batch 5000]';
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    mapping: { type: 'string', default: 'canonical' },
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    batch: { type: 'string', default: '5000' },
  },
});

try {
  if (!values.data) throw new Error('--data is required');
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be 1 to 10000');
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const { rows, errors, warnings } = loadInvoicesCsv(resolve(cwd, values.data), loadMapping(values.mapping!, cwd));
  for (const e of errors.slice(0, 5)) console.error(`line ${e.line}: ${e.message}`);
  if (errors.length > 0) console.error(`${errors.length} rows skipped`);
  for (const w of warnings.slice(0, 5)) console.error(`line ${w.line} (kept): ${w.message}`);
  if (warnings.length > 0) console.error(`${warnings.length} rows kept but suspect`);
  let last: { totals: { accounts: number; invoices: number } } | undefined;
  for (let i = 0; i < rows.length; i += batch) {
    const response = await fetch(new URL('/v1/ledger/invoices', values.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(process.env.DUNWELL_API_KEY ? { authorization: `Bearer ${process.env.DUNWELL_API_KEY}` } : {}),
      },
      body: JSON.stringify({ invoices: rows.slice(i, i + batch) }),
    });
    if (!response.ok) throw new Error(`the engine answered ${response.status}: ${await response.text()}`);
    last = (await response.json()) as typeof last;
    process.stderr.write(`imported ${Math.min(i + batch, rows.length)} / ${rows.length}\r`);
  }
  console.log(
    `\n${rows.length} invoices imported; the ledger holds ${last?.totals.invoices ?? 0} invoices of ${last?.totals.accounts ?? 0} accounts`,
  );
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(error instanceof TypeError ? 1 : 2);
}
