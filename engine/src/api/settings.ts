/** /v1/settings: deployment-wide settings (the default policy, contact rules, run schedule, four-eyes, exchange rates, the worklist, contact costs). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deploymentContactRulesSchema, readContactRules, writeContactRules } from '../decide/contact-rules';
import { readRunSchedule, runScheduleSchema, writeRunSchedule } from '../runs/schedule';
import { fxRatesSchema, readFxRates, writeFxRates } from '../measures/fx';
import { contactCostsSchema, readContactCosts, writeContactCosts } from '../measures/contact-costs';
import { readWorklistSettings, worklistSettingsSchema, writeWorklistSettings } from '../measures/worklist';
import { type Executor } from '../store';
import { type PolicyVersions } from '../versions/service';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './errors';
import { POLICY_READ_SCOPES, READ_SCOPES, scoped } from './auth';

const defaultPolicy = z.object({ policyId: z.string().nullable() }).openapi('DefaultPolicy');
const fourEyes = z.object({ enabled: z.boolean() }).strict().openapi('FourEyes');
const tags = ['Settings'];
const routes = {
  getWorklist: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/worklist',
      tags,
      summary: 'The late probability from which an invoice is on the worklist whatever was decided',
      responses: { 200: json(worklistSettingsSchema, 'The worklist settings') },
    }),
  ),
  putWorklist: createRoute(
    scoped('admin', {
      method: 'put',
      path: '/worklist',
      tags,
      summary: 'Change the worklist’s risk threshold',
      request: jsonBody(worklistSettingsSchema),
      responses: { 200: json(worklistSettingsSchema, 'Changed'), 400: errors[400] },
    }),
  ),
  getFxRates: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/fx-rates',
      tags,
      summary: 'The reporting currency and the exchange rates reports convert with (null until set)',
      responses: { 200: json(fxRatesSchema.nullable(), 'The rates') },
    }),
  ),
  putFxRates: createRoute(
    scoped('admin', {
      method: 'put',
      path: '/fx-rates',
      tags,
      summary: 'Set the reporting currency and, per other currency, its units of the reporting currency',
      request: jsonBody(fxRatesSchema),
      responses: { 200: json(fxRatesSchema, 'Changed'), 400: errors[400] },
    }),
  ),
  getContactCosts: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/contact-costs',
      tags,
      summary: 'What each kind of action costs, for backtests',
      responses: { 200: json(contactCostsSchema, 'The costs per action type') },
    }),
  ),
  putContactCosts: createRoute(
    scoped('admin', {
      method: 'put',
      path: '/contact-costs',
      tags,
      summary: 'Set the cost of each kind of action (a type left out costs nothing)',
      request: jsonBody(contactCostsSchema),
      responses: { 200: json(contactCostsSchema, 'Changed'), 400: errors[400] },
    }),
  ),
  getFourEyes: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/four-eyes',
      tags,
      summary: 'Whether the key that last edited a draft is refused when it publishes it',
      responses: { 200: json(fourEyes, 'Four-eyes publishing') },
    }),
  ),
  putFourEyes: createRoute(
    scoped('admin', {
      method: 'put',
      path: '/four-eyes',
      tags,
      summary: 'Turn four-eyes publishing on or off (off: a one-person team)',
      request: jsonBody(fourEyes),
      responses: { 200: json(fourEyes, 'Changed'), 400: errors[400] },
    }),
  ),
  get: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/default-policy',
      tags,
      summary: 'The policy decide uses when a request names none',
      responses: { 200: json(defaultPolicy, 'The default policy') },
    }),
  ),
  put: createRoute(
    scoped('policies:publish', {
      method: 'put',
      path: '/default-policy',
      tags,
      summary: 'Change the default policy',
      request: jsonBody(z.object({ policyId: z.string().min(1) }).strict()),
      responses: { 200: json(defaultPolicy, 'Changed'), 400: errors[400], 404: errors[404], 409: errors[409] },
    }),
  ),
  getContactRules: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/contact-rules',
      tags,
      summary: 'The contact rules the engine enforces whatever a policy says (a policy may tighten them)',
      responses: { 200: json(deploymentContactRulesSchema, 'The contact rules') },
    }),
  ),
  putContactRules: createRoute(
    scoped('admin', {
      method: 'put',
      path: '/contact-rules',
      tags,
      summary: 'Change the contact rules; decisions from now on follow them',
      request: jsonBody(deploymentContactRulesSchema.strict()),
      responses: { 200: json(deploymentContactRulesSchema, 'Changed'), 400: errors[400] },
    }),
  ),
  getRunSchedule: createRoute(
    scoped(READ_SCOPES, {
      method: 'get',
      path: '/run-schedule',
      tags,
      summary: 'The daily run: whether, from what time (UTC), with which policy',
      responses: { 200: json(runScheduleSchema, 'The schedule') },
    }),
  ),
  putRunSchedule: createRoute(
    scoped('admin', {
      method: 'put',
      path: '/run-schedule',
      tags,
      summary: 'Change the daily run',
      request: jsonBody(runScheduleSchema),
      responses: { 200: json(runScheduleSchema, 'Changed'), 400: errors[400], 404: errors[404] },
    }),
  ),
};

export function settingsRouter(versions: PolicyVersions, db: Executor) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.getWorklist, async (c) => c.json(await readWorklistSettings(db), 200));
  app.openapi(routes.putWorklist, async (c) => c.json(await writeWorklistSettings(db, c.req.valid('json')), 200));
  app.openapi(routes.getFxRates, async (c) => c.json(await readFxRates(db), 200));
  app.openapi(routes.putFxRates, async (c) => c.json(await writeFxRates(db, c.req.valid('json')), 200));
  app.openapi(routes.getContactCosts, async (c) => c.json(await readContactCosts(db), 200));
  app.openapi(routes.putContactCosts, async (c) => c.json(await writeContactCosts(db, c.req.valid('json')), 200));
  app.openapi(routes.getFourEyes, async (c) => c.json(await versions.fourEyes(), 200));
  app.openapi(routes.putFourEyes, async (c) => c.json(await versions.setFourEyes(c.req.valid('json').enabled), 200));
  app.openapi(routes.getContactRules, async (c) => c.json(await readContactRules(db), 200));
  app.openapi(routes.putContactRules, async (c) => c.json(await writeContactRules(db, c.req.valid('json')), 200));
  app.openapi(routes.getRunSchedule, async (c) => c.json(await readRunSchedule(db), 200));
  app.openapi(routes.putRunSchedule, async (c) => c.json(await writeRunSchedule(db, c.req.valid('json')), 200));
  app.openapi(routes.get, async (c) => c.json(await versions.getDefault(), 200));
  app.openapi(routes.put, async (c) => c.json(await versions.setDefault(c.req.valid('json').policyId), 200));
  return app;
}
