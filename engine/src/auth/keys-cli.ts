/**
 * `pnpm keys create --name NAME --scopes decide,reports:read` | `pnpm keys list` | `pnpm keys revoke ID`:
 * API keys on the configured store (DATABASE_URL, else the embedded data folder), for an operator
 * at the machine; over HTTP an admin key does the same (POST/GET/DELETE /v1/keys). A new key's
 * token is printed once.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { DomainError } from '../errors';
import { openDatabase } from '../store';
import { ApiKeys } from './keys';
import { SCOPE_MEANING, SCOPES, type Scope } from './scopes';

const USAGE = [
  'usage: pnpm keys create --name NAME --scopes SCOPE[,SCOPE...]',
  '       pnpm keys list',
  '       pnpm keys revoke ID',
  `scopes: ${SCOPES.join(', ')}`,
].join('\n');

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, scopes: { type: 'string' }, help: { type: 'boolean', default: false } },
});
if (values.help) {
  console.log(`${USAGE}\n\n${SCOPES.map((s) => `  ${s.padEnd(17)} ${SCOPE_MEANING[s]}`).join('\n')}`);
  process.exit(0);
}
const [command, id] = positionals;
if (!['create', 'list', 'revoke'].includes(command ?? '')) fail(`Unknown command: ${command ?? '(none)'}`);
if (command === 'revoke' && !id) fail('revoke needs the id of the key');
const scopes = (values.scopes ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
if (command === 'create') {
  if (!values.name?.trim()) fail('--name is required');
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0)
    fail(scopes.length === 0 ? '--scopes is required' : `Unknown scope: ${unknown.join(', ')}`);
}

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch(
  (error: Error) => {
    console.error(`Dunwell could not open the store: ${error.message}`);
    console.error(
      'While the engine runs on the embedded database, make keys through it: POST /v1/keys with an admin key.',
    );
    process.exit(1);
  },
);
try {
  const keys = new ApiKeys(database.db);
  if (command === 'create') {
    const made = await keys.create({ name: values.name!.trim(), scopes: scopes as Scope[], createdBy: null });
    console.log(`key ${made.id} (${made.name}; ${made.scopes.join(', ')})`);
    console.log(`token (shown this once; keep it): ${made.token}`);
  } else if (command === 'list') {
    for (const k of await keys.list())
      console.log(`${k.id}  ${k.revokedAt ? 'revoked' : 'live   '}  ${k.name}  [${k.scopes.join(', ')}]`);
  } else {
    const revoked = await keys.revoke(id!);
    console.log(`key ${revoked.id} (${revoked.name}) revoked`);
  }
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
