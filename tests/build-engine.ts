/**
 * Builds the engine once before the tests, so those that start engine processes start the
 * production build (`node dist/main.js`), as `pnpm start` does.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildEngine(): void {
  const engineDir = fileURLToPath(new URL('../engine', import.meta.url));
  execFileSync('pnpm', ['build'], { cwd: engineDir, stdio: ['ignore', 'inherit', 'inherit'] });
}
