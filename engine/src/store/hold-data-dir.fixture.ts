/** Child process for the lock tests: opens a PGlite data dir, says "ready", and holds it until its stdin closes. */
import { openDatabase } from './database';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-data-dir.fixture.ts <dataDir>');

const database = await openDatabase({ dataDir });
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void database.close().then(() => process.exit(0));
});
