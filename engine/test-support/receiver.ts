/**
 * A webhook receiver on loopback, as a customer's system would run one: it checks every signature,
 * deduplicates by delivery id, and can be told to fail or to hang for a while.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { verify } from '../src/outbox/signature';

export interface Received {
  deliveryId: string;
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload: any;
}

export interface Receiver {
  url: string;
  /** Deliveries accepted, each once. */
  accepted: Received[];
  /** Requests seen, duplicates and failures included. */
  requests: number;
  duplicates: number;
  badSignatures: number;
  /** While set, every request is answered with this status. */
  failWith: number | undefined;
  /** While set, requests get no answer until it settles (a slow receiver). */
  hold: Promise<void> | undefined;
  /** The signing secret to check against; set once the webhook is registered. */
  secret: string;
  /** The clock signatures are checked against (the dispatcher's, in simulated time). */
  now: () => Date;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const seen = new Set<string>();
  const receiver: Receiver = {
    url: '',
    accepted: [],
    requests: 0,
    duplicates: 0,
    badSignatures: 0,
    failWith: undefined,
    hold: undefined,
    secret: '',
    now: () => new Date(),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      receiver.requests += 1;
      await receiver.hold;
      if (receiver.failWith !== undefined) {
        res.writeHead(receiver.failWith).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['dunwell-signature'] ?? '');
      if (!verify(receiver.secret, body, signature, receiver.now())) {
        receiver.badSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      const deliveryId = String(req.headers['dunwell-delivery']);
      if (seen.has(deliveryId)) receiver.duplicates += 1;
      else {
        seen.add(deliveryId);
        receiver.accepted.push({ deliveryId, event: String(req.headers['dunwell-event']), payload: JSON.parse(body) });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
