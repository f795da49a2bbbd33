/** `pnpm start`: the Dunwell engine on HOST:PORT, with the embedded database unless DATABASE_URL is set. */
import { loadConfig } from './config';
import { startServer } from './server';

try {
  const config = loadConfig();
  const server = await startServer(config);
  const store = config.databaseUrl ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  console.log(`Dunwell listening on ${server.url} (store: ${store})`);
  console.log(`API docs: ${server.url}/docs`);
  if (config.demoLedger)
    console.log('demo ledger: synthetic invoices with ids DEMO-... (DUNWELL_DEMO_LEDGER=0 to leave the ledger empty)');
  for (const model of server.models?.list() ?? []) {
    console.log(
      model.activeVersion
        ? `model ${model.name}: version ${model.activeVersion}`
        : `model ${model.name}: none served${model.loadError ? ` (${model.loadError})` : ''}`,
    );
  }
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
