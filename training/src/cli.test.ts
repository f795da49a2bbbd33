/**
 * `pnpm train` as the user runs it: pnpm starts the CLI in training/ and sets INIT_CWD to the
 * folder the user ran it from, against which --data, --mapping and --out are resolved.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio, toCanonicalCsv } from '@dunwell/engine/ledger';
import { manifestSchema } from '@dunwell/engine/models';
import { openDatabase, upsertInvoices } from '@dunwell/engine/store';

const trainingDir = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const userDir = mkdtempSync(join(tmpdir(), 'dunwell-cli-'));
const USAGE = /^usage: pnpm train --data FILE --mapping NAME\|FILE --cutoff YYYY-MM-DD --out DIR/m;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: userDir, ...extraEnv };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      { cwd: trainingDir, env, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

let cutoff: string;

beforeAll(() => {
  const rows = generatePortfolio({ invoices: 300, seed: 3 });
  cutoff = rows.map((r) => r.issueDate).sort()[Math.floor(rows.length * 0.8)]!;
  mkdirSync(join(userDir, 'data'));
  writeFileSync(join(userDir, 'data', 'ledger.csv'), toCanonicalCsv(rows));
  mkdirSync(join(userDir, 'maps'));
  const canonical = JSON.parse(
    readFileSync(join(trainingDir, '..', 'engine', 'mappings', 'canonical.json'), 'utf8'),
  ) as Record<string, unknown>;
  writeFileSync(join(userDir, 'maps', 'mine.json'), JSON.stringify({ ...canonical, name: 'my-export' }));
});
afterAll(() => rmSync(userDir, { recursive: true, force: true }));

describe('pnpm train', () => {
  it('resolves relative --data, --mapping and --out against INIT_CWD and writes both models there', async () => {
    const run = await runCli([
      '--data',
      'data/ledger.csv',
      '--mapping',
      'maps/mine.json',
      '--cutoff',
      cutoff,
      '--out',
      'out/models',
      '--seed',
      '5',
      // Fewer networks than the default: paths and output are what this checks.
      '--ensemble',
      '2',
    ]);
    expect(run.stderr).not.toMatch(/training failed/);
    expect(run.code).toBe(0);
    const outDir = join(userDir, 'out', 'models');
    expect(run.stdout).toContain(`risk: ${join(outDir, 'risk')}`);
    expect(run.stdout).toContain(`payment-date: ${join(outDir, 'payment-date')}`);
    // Plain progress lines off a terminal, a summary, then one row per metric and point with its verdict.
    expect(run.stderr).toMatch(/^training: \d+\/\d+ \(\d+%\)/m);
    expect(run.stderr).toMatch(/^trained 2 models in [\d.]+ s$/m);
    expect(run.stdout).toMatch(/^model\s+point\s+score\s+metric\s+value\s+best baseline\s+verdict$/m);
    expect(run.stdout).toMatch(/^risk\s+issue\s+lateProbability\s+auc\s+[\d.]+\s+\w+ [\d.]+\s+(beats|ties|loses)$/m);
    expect(run.stdout).toMatch(
      /^payment-date\s+issue\s+remainingDays\s+p10p90Coverage\s+[\d.]+\s+(ok|outside 0.78-0.82 \(95% 0\.\d\d-[01]\.\d\d\))$/m,
    );
    for (const kind of ['risk', 'payment-date']) {
      expect(existsSync(join(outDir, kind, 'model.onnx'))).toBe(true);
      const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(outDir, kind, 'manifest.json'), 'utf8')));
      expect(manifest).toMatchObject({
        seed: 5,
        data: { source: 'data/ledger.csv', mapping: 'my-export', loading: { rows: 300, skipped: 0, suspect: 0 } },
        split: { cutoff },
      });
    }
    expect(existsSync(join(trainingDir, 'out'))).toBe(false);
  }, 90_000);

  it('exits 2 with the usage line when neither --data nor --from-store is given, or both', async () => {
    for (const args of [[], ['--data', 'data/ledger.csv', '--from-store']]) {
      const run = await runCli(['--out', 'out/x', '--cutoff', '2026-01-01', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/give either --data FILE or --from-store/);
      expect(run.stderr).toMatch(USAGE);
    }
  });

  it('retrains from the engine\u2019s own ledger with --from-store', async () => {
    const rows = generatePortfolio({ invoices: 400, seed: 12 });
    const dataDir = join(userDir, 'engine-data');
    const database = await openDatabase({ dataDir });
    await upsertInvoices(database.db, rows);
    await database.close();
    const storeCutoff = rows.map((r) => r.issueDate).sort()[Math.floor(rows.length * 0.8)]!;
    const run = await runCli(['--from-store', '--cutoff', storeCutoff, '--out', 'out/store', '--ensemble', '1'], {
      DUNWELL_DATA_DIR: 'engine-data',
    });
    expect(run.stderr).not.toMatch(/training failed/);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`store ${dataDir}: ${rows.length} invoices`);
    expect(run.stderr).toMatch(/; 0 dunning steps and 0 promises to pay$/m);
    const manifest = manifestSchema.parse(
      JSON.parse(readFileSync(join(userDir, 'out', 'store', 'risk', 'manifest.json'), 'utf8')),
    );
    expect(manifest.data).toMatchObject({
      source: `store ${dataDir}`,
      mapping: 'store',
      // The ledger's open invoices count too, with the outcomes they already show.
      rows: rows.length,
      dunning: { steps: 0, promises: 0, invoices: 0 },
    });
    // The ledger's dunning is an input even where none was done yet: retraining later learns from it.
    expect(manifest.features.map((f) => f.name)).toEqual(expect.arrayContaining(['logStepsTaken', 'promiseActive']));
    expect(rows.some((r) => r.settledDate === null)).toBe(true);
  }, 90_000);

  it('says which engine holds the embedded database when --from-store cannot open it', async () => {
    const dataDir = join(userDir, 'held-data');
    const database = await openDatabase({ dataDir });
    try {
      const run = await runCli(['--from-store', '--cutoff', '2026-01-01', '--out', 'out/held'], {
        DUNWELL_DATA_DIR: 'held-data',
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^training failed: .*held-data/m);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('exits 2 with the usage line for a cutoff that is not a YYYY-MM-DD date', async () => {
    for (const bad of ['01/02/2026', '2026-02-30']) {
      const run = await runCli(['--data', 'data/ledger.csv', '--out', 'out/bad', '--cutoff', bad]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain(`--cutoff must be YYYY-MM-DD, not ${bad}`);
      expect(run.stderr).toMatch(USAGE);
    }
    expect(existsSync(join(userDir, 'out', 'bad'))).toBe(false);
  }, 60_000);

  it('exits 2 with the usage line for an unknown option or a bad seed', async () => {
    const unknown = await runCli(['--data', 'data/ledger.csv', '--out', 'out/x', '--epochs', '5']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--epochs/);
    expect(unknown.stderr).toMatch(USAGE);
    const seed = await runCli(['--data', 'data/ledger.csv', '--out', 'out/x', '--seed', 'abc']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed must be an integer/);
    expect(seed.stderr).toMatch(USAGE);
  });

  it('exits 2 for a learner it does not know, naming those it does', async () => {
    const run = await runCli(['--data', 'data/ledger.csv', '--out', 'out/x', '--learner', 'forest']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--learner must be one of network, trees, best, not forest/);
  });

  it('names an unknown mapping and the presets', async () => {
    const run = await runCli([
      '--data',
      'data/ledger.csv',
      '--mapping',
      'sap-export',
      '--out',
      'out/x',
      '--cutoff',
      cutoff,
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      'Mapping "sap-export" is neither a preset (canonical, ibm-ar, highradius) nor a readable file',
    );
    expect(existsSync(join(userDir, 'out', 'x'))).toBe(false);
  });

  it('describes every option with --help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const option of [
      '--data',
      '--mapping',
      '--cutoff',
      '--out',
      '--seed',
      '--refit-all',
      '--hidden',
      '--ensemble',
      '--max-skipped',
      '--provenance',
      '--help',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${option} `, 'm'));
    }
  });

  it('answers a cutoff outside the data with the data’s date range', async () => {
    const rows = generatePortfolio({ invoices: 300, seed: 3 });
    const issued = rows.map((r) => r.issueDate).sort();
    const run = await runCli(['--data', 'data/ledger.csv', '--out', 'out/late', '--cutoff', '2099-01-01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`the invoices were issued from ${issued[0]} to ${issued.at(-1)}`);
    expect(existsSync(join(userDir, 'out', 'late'))).toBe(false);
  });

  it('stops when more rows are skipped than --max-skipped allows, saying which and why', async () => {
    const rows = generatePortfolio({ invoices: 300, seed: 3 });
    // A tenth of the rows due before they were issued, as a day/month mix-up makes them.
    const swapped = rows.map((r, i) => (i % 10 === 0 ? { ...r, dueDate: r.issueDate, issueDate: r.dueDate } : r));
    writeFileSync(join(userDir, 'data', 'mixed.csv'), toCanonicalCsv(swapped));
    const run = await runCli(['--data', 'data/mixed.csv', '--out', 'out/mixed', '--cutoff', cutoff]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('300 invoices read, 0 rows skipped, 30 suspect');
    expect(run.stderr).toContain('30 suspect: due before issued');
    // Each date as read and as written in the file.
    expect(run.stderr).toMatch(
      /line 2: due \d{4}-\d{2}-\d{2} \(due_date "[^"]+"\) is before issue \d{4}-\d{2}-\d{2} \(issue_date "[^"]+"\)/,
    );
    expect(run.stderr).toContain('30 of 300 rows (10.0%) were skipped or suspect, more than --max-skipped 0.02');
    expect(existsSync(join(userDir, 'out', 'mixed'))).toBe(false);
  });

  it('names the data file it looked for, resolved against INIT_CWD', async () => {
    const run = await runCli(['--data', 'data/missing.csv', '--out', 'out/x']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(join(userDir, 'data', 'missing.csv'));
  });
});
