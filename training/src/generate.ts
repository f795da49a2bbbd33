/** `pnpm generate --invoices N --seed S --out FILE`: a synthetic portfolio in the canonical CSV format. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePortfolio, toCanonicalCsv } from '@dunwell/engine/ledger';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    end: { type: 'string' },
  },
});
try {
  if (!values.out) throw new Error('--out FILE is required');
  const rows = generatePortfolio({ invoices: Number(values.invoices), seed: Number(values.seed), endDate: values.end });
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  writeFileSync(file, toCanonicalCsv(rows));
  console.log(`${rows.length} invoices, ${new Set(rows.map((r) => r.accountId)).size} accounts -> ${file}`);
} catch (error) {
  console.error(
    `${(error as Error).message}\nusage: pnpm generate --invoices N --seed S --out FILE [--end YYYY-MM-DD]`,
  );
  process.exit(2);
}
