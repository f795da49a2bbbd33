/**
 * Fails when the drizzle schema (src/store/schema.ts) has changes that no migration in drizzle/
 * carries: drizzle-kit generates against a copy of the migrations, and any new file is drift.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const engine = path.resolve(import.meta.dirname, '..');
const copy = path.join(mkdtempSync(path.join(tmpdir(), 'dunwell-drift-')), 'drizzle');
try {
  cpSync(path.join(engine, 'drizzle'), copy, { recursive: true });
  const before = new Set(readdirSync(copy));
  // drizzle-kit wants the output folder relative to where it runs.
  const out = path.relative(engine, copy);
  const args = ['generate', '--dialect', 'postgresql', '--schema', './src/store/schema.ts', '--out', out];
  execFileSync('drizzle-kit', args, { cwd: engine, stdio: ['ignore', 'ignore', 'inherit'] });
  const added = readdirSync(copy).filter((f) => !before.has(f));
  if (added.length > 0) {
    console.error(
      'src/store/schema.ts has changes no migration carries: run pnpm --filter @dunwell/engine db:generate.',
    );
    process.exit(1);
  }
  console.log('Migrations match the schema.');
} finally {
  rmSync(path.dirname(copy), { recursive: true, force: true });
}
