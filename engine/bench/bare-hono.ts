/** The HTTP bench's baseline: Hono on Node parsing the decide body and answering a constant. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
const answer = { outcome: 'wait', reason: 'constant' };
app.post('/v1/decide', async (c) => {
  await c.req.json();
  return c.json(answer);
});
serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) }, () =>
  console.log('bare Hono listening'),
);
