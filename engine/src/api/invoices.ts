/**
 * /v1/invoices/{id}/timeline: the invoice's story in order: issue and due dates, decisions,
 * actions and their deliveries, payments (each credited to the action it answers), disputes and
 * promises to pay.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../errors';
import { attributePayment } from '../ledger/attribution';
import { invoiceStory, type Executor } from '../store';
import { type Decision } from '../decide/contract';
import { errors, json } from './schemas';
import { validationHook } from './errors';
import { READ_SCOPES, scoped } from './auth';

const EVENT_KINDS = [
  'issued',
  'due',
  'decision',
  'action',
  'delivery',
  'payment',
  'dispute_opened',
  'dispute_resolved',
  'promise_made',
  'promise_due',
] as const;

const event = z
  .object({
    /** A day (YYYY-MM-DD) or an instant (ISO 8601). */
    at: z.string(),
    kind: z.enum(EVENT_KINDS),
    summary: z.string().openapi({ description: 'The event in words' }),
    id: z.string().optional(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('TimelineEvent');

const routes = {
  timeline: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/{id}/timeline',
      tags: ['Ledger'],
      summary: 'The invoice\u2019s story, in order',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: {
        200: json(z.object({ invoiceId: z.string(), events: z.array(event) }), 'The events, oldest first'),
        404: errors[404],
      },
    }),
  ),
};

type Event = z.infer<typeof event>;

/** Orders by time; on one day, the ledger's records before the decisions and actions of that day. */
const ORDER: Record<Event['kind'], number> = {
  issued: 0,
  due: 1,
  payment: 2,
  dispute_opened: 3,
  dispute_resolved: 4,
  promise_made: 5,
  promise_due: 6,
  decision: 7,
  action: 8,
  delivery: 9,
};

export function invoicesRouter(db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.timeline, async (c) => {
    const { id } = c.req.valid('param');
    const story = await invoiceStory(db, id);
    if (!story) throw new DomainError('invoice_not_found', `The ledger holds no invoice ${id}`);
    const { invoice } = story;
    const events: Event[] = [
      { at: invoice.issueDate, kind: 'issued', summary: `Issued: ${invoice.amount} ${invoice.currency}`, details: {} },
      { at: invoice.dueDate, kind: 'due', summary: 'Due', details: {} },
      ...story.payments.map((p): Event => {
        const credited = attributePayment(
          p.paidOn,
          story.actions.filter((a) => !['bounced', 'failed'].includes(a.status)),
        );
        const summary = `Paid ${p.amount} ${invoice.currency}${credited ? `, ${credited.daysAfter} days after the ${credited.type} (${credited.step})` : ''}`;
        return {
          at: p.paidOn,
          kind: 'payment',
          id: p.id,
          summary,
          details: { amount: p.amount, attributedTo: credited ?? null },
        };
      }),
      ...story.disputes.flatMap((d): Event[] => [
        {
          at: d.openedOn,
          kind: 'dispute_opened',
          id: d.id,
          summary: `Disputed: ${d.reason}`,
          details: { reason: d.reason },
        },
        ...(d.resolvedOn
          ? [
              {
                at: d.resolvedOn,
                kind: 'dispute_resolved' as const,
                id: d.id,
                summary: 'Dispute resolved',
                details: {},
              },
            ]
          : []),
      ]),
      ...story.promises.flatMap((p): Event[] => [
        {
          at: p.madeOn,
          kind: 'promise_made',
          id: p.id,
          summary: `Promised to pay${p.amount ? ` ${p.amount} ${invoice.currency}` : ''} by ${p.promisedDate}`,
          details: { promisedDate: p.promisedDate, amount: p.amount },
        },
        { at: p.promisedDate, kind: 'promise_due', id: p.id, summary: 'Promised payment date', details: {} },
      ]),
      ...story.decisions.map((d): Event => {
        const decision = d.response as Decision;
        const what =
          decision.outcome === 'action'
            ? `${decision.action!.type} (${decision.action!.step})`
            : decision.outcome === 'wait'
              ? `wait${decision.reason ? ` (${decision.reason})` : ''} until ${decision.reviewAt ?? decision.nextReviewAt}`
              : `stop (${decision.reason})`;
        return {
          at: d.asOf.toISOString(),
          kind: 'decision',
          id: d.id,
          summary: `Decided: ${what}`,
          details: { outcome: d.outcome, runId: d.runId, nextReviewAt: decision.nextReviewAt, policy: decision.policy },
        };
      }),
      ...story.actions.map((a): Event => ({
        at: a.sendAt.toISOString(),
        kind: 'action',
        id: a.id,
        summary: `${a.type} ${a.template} (${a.step}, time ${a.occurrence}): ${a.status}`,
        details: { step: a.step, occurrence: a.occurrence, type: a.type, status: a.status, decisionId: a.decisionId },
      })),
      ...story.deliveries.map((d): Event => ({
        at: (d.sentAt ?? d.nextAttemptAt).toISOString(),
        kind: 'delivery',
        id: d.id,
        summary: `Delivery ${d.status} after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`,
        details: { status: d.status, attempts: d.attempts, actionId: d.actionId, lastError: d.lastError },
      })),
    ];
    events.sort((a, b) =>
      a.at.slice(0, 10) !== b.at.slice(0, 10)
        ? a.at < b.at
          ? -1
          : 1
        : ORDER[a.kind] - ORDER[b.kind] || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0),
    );
    return c.json({ invoiceId: id, events }, 200);
  });
  return app;
}
