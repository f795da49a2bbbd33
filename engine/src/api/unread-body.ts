/**
 * An answer sent before its request's body was read (a 404 for the path, a 413 from the declared
 * length) closes the connection. The rest of the body may still be on its way; were the connection
 * kept alive, the server would have to discard it in time, and a client that sent its next request
 * meanwhile would see the connection dropped.
 */
import { type MiddlewareHandler } from 'hono';

export const closeIfBodyUnread: MiddlewareHandler = async (c, next) => {
  await next();
  const hasBody = c.req.header('content-length') !== undefined || c.req.header('transfer-encoding') !== undefined;
  if (hasBody && c.req.method !== 'GET' && c.req.method !== 'HEAD' && !c.req.raw.bodyUsed)
    c.res.headers.set('Connection', 'close');
};
