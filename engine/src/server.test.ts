import { expect, it } from 'vitest';
import { startServer } from './server';

it('refuses to serve without API keys on anything but loopback, before opening the store', async () => {
  for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
    await expect(startServer({ host, port: 0, dataDir: '/nonexistent/never-created', auth: 'off' })).rejects.toThrow(
      /DUNWELL_AUTH=off .* loopback only/,
    );
  }
});
