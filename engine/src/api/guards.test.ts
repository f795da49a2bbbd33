import { beforeAll, expect, it } from 'vitest';

import { createApp } from '../app';
import { splitBucket } from '../policy';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { CONTACT_RULES_OFF, post, put, sampleRequest, type App, type Json } from '../../test-support/api';

/** An account the sample policy's channel test puts in its SMS (challenger) arm: buckets 50..99. */
function challengerAccount(): string {
  for (let i = 0; ; i++) if (splitBucket(`GUARD-${i}`, 'channel-test') >= 50) return `GUARD-${i}`;
}

/** A small invoice (no call), 8 days past due with the last reminder 7 days ago: the channel test decides. */
function smallOverdue(accountId: string, consent: { emailAllowed?: boolean; smsAllowed?: boolean }): Json {
  const request: Json = sampleRequest({ invoiceId: `GUARD-INV-${accountId}`, accountId, asOf: '2026-04-08' });
  request.invoice.amount = 800;
  request.invoice.openAmount = 800;
  request.account = { id: accountId, callAllowed: true, ...consent };
  request.history = { stepsTaken: 2, lastActionType: 'email', lastActionDate: '2026-04-01' };
  return request;
}

describeEachStore('decide API: the engine guards', (store) => {
  let app: App;
  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
    // Consent and do-not-contact here; the contact rules have their own suite.
    await put(app, '/v1/settings/contact-rules', CONTACT_RULES_OFF);
  });

  it('turns any contact into stop do_not_contact when the account must not be contacted', async () => {
    const request: Json = sampleRequest({ invoiceId: 'GUARD-DNC', asOf: '2026-04-01' });
    request.account.doNotContact = true;
    const reply = await post(app, '/v1/decide', request);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({
      outcome: 'stop',
      reason: 'do_not_contact',
      explanation: {
        terminal: 'email-1',
        overrides: [{ rule: 'do_not_contact', message: expect.stringContaining('email') }],
      },
    });
    expect(reply.body.action).toBeUndefined();

    // Letters and hand-overs are contact too.
    const late: Json = sampleRequest({ invoiceId: 'GUARD-DNC', asOf: '2026-05-16' });
    late.account.doNotContact = true;
    const escalation = await post(app, '/v1/decide', late);
    expect(escalation.body).toMatchObject({
      outcome: 'stop',
      reason: 'do_not_contact',
      explanation: { terminal: 'escalate' },
    });
  });

  it('uses the fallback channel when the policy picks SMS without consent and email has consent', async () => {
    const accountId = challengerAccount();
    const reply = await post(app, '/v1/decide', smallOverdue(accountId, { smsAllowed: false, emailAllowed: true }));
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({
      outcome: 'action',
      action: { type: 'email', template: 'sms-reminder', level: 2 },
      explanation: {
        terminal: 'sms',
        overrides: [{ rule: 'fallback_channel', message: expect.stringContaining('email') }],
      },
    });
    expect(reply.body.action).not.toHaveProperty('fallback');
    const split = reply.body.explanation.path.find((s: Json) => s.nodeId === 'channel-test');
    expect(split.split).toEqual({ bucket: splitBucket(accountId, 'channel-test'), arm: 'challenger' });
  });

  it('stops with no_consent when neither the channel nor its fallback has consent', async () => {
    const accountId = challengerAccount();
    const reply = await post(app, '/v1/decide', smallOverdue(accountId, { smsAllowed: false, emailAllowed: false }));
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({
      outcome: 'stop',
      reason: 'no_consent',
      explanation: { terminal: 'sms', overrides: [{ rule: 'no_consent', message: expect.any(String) }] },
    });

    // Unknown consent counts as none.
    const unknown = await post(app, '/v1/decide', smallOverdue(accountId, {}));
    expect(unknown.body).toMatchObject({ outcome: 'stop', reason: 'no_consent' });
  });

  it('leaves an action alone when its channel has consent', async () => {
    const accountId = challengerAccount();
    const reply = await post(app, '/v1/decide', smallOverdue(accountId, { smsAllowed: true, emailAllowed: false }));
    expect(reply.body).toMatchObject({
      outcome: 'action',
      action: { type: 'sms', template: 'sms-reminder' },
      explanation: { overrides: [] },
    });
  });
});
