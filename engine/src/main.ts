/** `pnpm start`: the Dunwell engine on HOST:PORT, with the embedded database unless DATABASE_URL is set. */
import { loadConfig } from './config';
import { startServer } from './server';

try {
  const config = loadConfig();
  const server = await startServer(config);
  const store = config.databaseUrl ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  // One write, so whoever reads the output finds every line once it sees the first.
  const lines = [`Dunwell listening on ${server.url} (store: ${store})`, `API docs: ${server.url}/docs`];
  if (config.auth === 'off') lines.push('API keys are off (DUNWELL_AUTH=off): anyone on this machine may call the API');
  if (server.firstKey) {
    lines.push(
      `first admin API key (shown this once; keep it): ${server.firstKey}`,
      '  send it as Authorization: Bearer <key>, sign in to the editor with it, make other keys with pnpm keys create',
    );
  }
  if (config.demoLedger)
    lines.push('demo ledger: synthetic invoices with ids DEMO-... (DUNWELL_DEMO_LEDGER=0 to leave the ledger empty)');
  for (const model of server.models?.list() ?? []) {
    lines.push(
      model.activeVersion
        ? `model ${model.name}: version ${model.activeVersion}`
        : `model ${model.name}: none served${model.loadError ? ` (${model.loadError})` : ''}`,
    );
  }
  console.log(lines.join('\n'));
  const shutdown = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  console.error(`Dunwell could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
