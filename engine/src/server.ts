/** Opens the store, seeds it on first start, and serves the API. */
import { serve, type ServerType } from '@hono/node-server';
import { type AddressInfo } from 'node:net';
import { createApp } from './app';
import { ModelRegistry } from './models/registry';
import { type Config } from './config';
import { seedDemoLedger, seedSamplePolicy } from './seed';
import { openDatabase, type Database } from './store';

export interface RunningServer {
  url: string;
  database: Database;
  models?: ModelRegistry;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await seedSamplePolicy(database.db);
    if (config.demoLedger) await seedDemoLedger(database.db);
    const models = config.modelsDir ? new ModelRegistry(config.modelsDir, database.db) : undefined;
    await models?.init();
    const app = createApp(database, { models });
    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
      s.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return {
      models,
      url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
      database,
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
