/** /v1/policies: drafts, validation, publishing, versions, rule sets, activation and diff. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { graphDiffSchema, graphSchema } from '../policy';
import { DomainError } from '../errors';
import { type PolicyVersions } from '../versions/service';
import {
  diagnostic,
  errors,
  json,
  jsonBody,
  policyGraph,
  policyIdParam,
  versionOrDraft,
  versionParam,
} from './schemas';
import { validationHook } from './errors';
import { POLICY_READ_SCOPES, principalOf, scoped } from './auth';

const graph = policyGraph;
const anyJson = z.record(z.string(), z.unknown());
const timestamps = { createdAt: z.date(), updatedAt: z.date() };
const scheduledActivation = z
  .object({ version: z.number().int(), at: z.date(), by: z.string().nullable() })
  .nullable()
  .openapi('ScheduledActivation', {
    description: 'A version that becomes the active one at `at` (in every engine process); null when none is scheduled',
  });
const activateAt = z.coerce
  .date({ error: 'an ISO 8601 date and time, e.g. 2027-01-04T06:00:00Z' })
  .refine((at) => at.getTime() > Date.now(), 'must be in the future (activate now instead)');

export const draft = z.object({ graph, revision: z.number().int(), diagnostics: z.array(diagnostic) }).openapi('Draft');
const policy = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    activeVersion: z.number().int().nullable(),
    isDefault: z.boolean(),
    archived: z.boolean(),
    scheduledActivation,
    ...timestamps,
    draft,
  })
  .openapi('Policy');
const policySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    activeVersion: z.number().int().nullable(),
    draftRevision: z.number().int(),
    isDefault: z.boolean(),
    archived: z
      .boolean()
      .openapi({ description: 'Archived: hidden from the editor\u2019s list; its versions are kept' }),
    scheduledActivation,
    ...timestamps,
  })
  .openapi('PolicySummary');
const versionSummary = z
  .object({
    version: z.number().int(),
    contentHash: z.string(),
    note: z.string(),
    publishedAt: z.date(),
    active: z.boolean(),
    author: z.string().nullable().openapi({ description: 'The key that last edited the draft before publishing' }),
    publisher: z.string().nullable().openapi({ description: 'The key that published it' }),
  })
  .openapi('VersionSummary');
const activation = z.object({ by: z.string(), at: z.date() }).openapi('Activation');
const listedVersion = versionSummary
  .extend({
    authorName: z.string().nullable().openapi({ description: 'The name of the author’s key' }),
    publisherName: z.string().nullable().openapi({ description: 'The name of the publisher’s key' }),
    activations: z.array(activation),
  })
  .openapi('ListedVersion');

const tags = ['Policies'];
const routes = {
  create: createRoute(
    scoped('policies:edit', {
      method: 'post',
      path: '/',
      tags,
      summary: 'Create a policy with a draft',
      request: jsonBody(
        z
          .object({
            id: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and -')
              .optional(),
            name: z.string().min(1).max(200),
            description: z.string().max(2000).optional(),
            graph: graph.optional(),
          })
          .strict(),
      ),
      responses: { 201: json(policy, 'Created'), 400: errors[400], 409: errors[409] },
    }),
  ),
  list: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/',
      tags,
      summary: 'List policies',
      responses: { 200: json(z.object({ items: z.array(policySummary) }), 'Policies') },
    }),
  ),
  get: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'Get a policy and its draft',
      request: { params: policyIdParam },
      responses: { 200: json(policy, 'The policy; ETag carries the draft revision'), 404: errors[404] },
    }),
  ),
  update: createRoute(
    scoped('policies:edit', {
      method: 'patch',
      path: '/{id}',
      tags,
      summary: 'Rename, describe, archive or bring back a policy',
      request: {
        params: policyIdParam,
        ...jsonBody(
          z
            .object({
              name: z.string().trim().min(1).max(200).optional(),
              description: z.string().max(2000).optional(),
              archived: z.boolean().optional().openapi({
                description: 'true hides it from the list (its versions are kept); the default cannot be archived',
              }),
            })
            .strict()
            .refine((b) => Object.keys(b).length > 0, 'name, description or archived is required'),
        ),
      },
      responses: { 200: json(policy, 'The policy'), 400: errors[400], 404: errors[404], 409: errors[409] },
    }),
  ),
  duplicate: createRoute(
    scoped('policies:edit', {
      method: 'post',
      path: '/{id}/duplicate',
      tags,
      summary: 'Create a policy whose draft is a copy of this one\u2019s draft',
      request: {
        params: policyIdParam,
        ...jsonBody(
          z
            .object({
              id: z
                .string()
                .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and -')
                .optional(),
              name: z.string().trim().min(1).max(200),
            })
            .strict(),
        ),
      },
      responses: { 201: json(policy, 'The copy'), 400: errors[400], 404: errors[404], 409: errors[409] },
    }),
  ),
  remove: createRoute(
    scoped('policies:edit', {
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Delete a policy that was never published (archive one that was)',
      request: { params: policyIdParam },
      responses: { 204: { description: 'Deleted' }, 404: errors[404], 409: errors[409] },
    }),
  ),
  saveDraft: createRoute(
    scoped('policies:edit', {
      method: 'put',
      path: '/{id}/draft',
      tags,
      summary: 'Save the draft (even an invalid one) and get its diagnostics',
      request: {
        params: policyIdParam,
        headers: z.object({
          'if-match': z.string().optional().openapi({ description: 'Draft revision this edit started from' }),
        }),
        ...jsonBody(z.object({ graph }).strict()),
      },
      responses: { 200: json(draft, 'Saved'), 400: errors[400], 404: errors[404], 409: errors[409] },
    }),
  ),
  validate: createRoute(
    scoped('policies:edit', {
      method: 'post',
      path: '/{id}/validate',
      tags,
      summary: 'Validate the stored draft, or the graph sent',
      request: {
        params: policyIdParam,
        body: {
          content: { 'application/json': { schema: z.object({ graph: graph.optional() }).strict() } },
          required: false,
        },
      },
      responses: {
        200: json(z.object({ valid: z.boolean(), diagnostics: z.array(diagnostic) }), 'Diagnostics'),
        400: errors[400],
        404: errors[404],
      },
    }),
  ),
  publish: createRoute(
    scoped('policies:publish', {
      method: 'post',
      path: '/{id}/versions',
      tags,
      summary: 'Publish the draft as the next version',
      request: {
        params: policyIdParam,
        ...jsonBody(
          z
            .object({
              note: z.string().max(2000).default(''),
              activate: z
                .boolean()
                .optional()
                .openapi({ description: 'Make it the active version now; the default unless activateAt is given' }),
              activateAt: activateAt.optional().openapi({
                description: 'Make it the active version at this time instead of now',
                type: 'string',
                format: 'date-time',
              }),
            })
            .strict()
            .refine((b) => !(b.activate === true && b.activateAt), {
              message: 'activate now or at activateAt, not both',
              path: ['activateAt'],
            }),
        ),
      },
      responses: {
        201: json(versionSummary.extend({ diagnostics: z.array(diagnostic) }), 'Published'),
        403: errors[403],
        404: errors[404],
        409: errors[409],
        422: errors[422],
      },
    }),
  ),
  versions: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/{id}/versions',
      tags,
      summary: 'List published versions',
      request: { params: policyIdParam },
      responses: {
        200: json(z.object({ items: z.array(listedVersion) }), 'Versions, each with who made it live and when'),
        404: errors[404],
      },
    }),
  ),
  version: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/{id}/versions/{version}',
      tags,
      summary: 'Get a published version',
      request: { params: versionParam },
      responses: { 200: json(versionSummary.extend({ graph }), 'The version'), 404: errors[404] },
    }),
  ),
  rules: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/{id}/versions/{version}/rules',
      tags,
      summary: 'The compiled json-rules-engine rule set',
      request: { params: versionParam },
      responses: { 200: json(anyJson.openapi('RuleSet'), 'Rule set'), 404: errors[404] },
    }),
  ),
  activate: createRoute(
    scoped('policies:publish', {
      method: 'post',
      path: '/{id}/versions/{version}/activate',
      tags,
      summary: 'Make a version the active one now (rollback), or at a time',
      description:
        'Without a body, or with no `at`, the version is active at once and any scheduled activation is cancelled. ' +
        'With `at`, it becomes active then, replacing any earlier schedule.',
      request: {
        params: versionParam,
        body: {
          required: false,
          content: {
            'application/json': {
              schema: z
                .object({
                  at: activateAt.optional().openapi({ type: 'string', format: 'date-time' }),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        200: json(
          z.object({
            policyId: z.string(),
            activeVersion: z.number().int().nullable(),
            scheduledActivation,
          }),
          'Activated, or scheduled',
        ),
        400: errors[400],
        404: errors[404],
        422: errors[422],
      },
    }),
  ),
  cancelSchedule: createRoute(
    scoped('policies:publish', {
      method: 'delete',
      path: '/{id}/scheduled-activation',
      tags,
      summary: 'Cancel a scheduled activation',
      request: { params: policyIdParam },
      responses: {
        200: json(
          z.object({ policyId: z.string(), activeVersion: z.number().int().nullable(), scheduledActivation }),
          'Nothing is scheduled any more',
        ),
        404: errors[404],
      },
    }),
  ),
  restore: createRoute(
    scoped('policies:edit', {
      method: 'post',
      path: '/{id}/versions/{version}/restore',
      tags,
      summary: 'Make a published version the draft again (not published)',
      request: {
        params: versionParam,
        headers: z.object({
          'if-match': z.string().optional().openapi({ description: 'Draft revision this edit started from' }),
        }),
      },
      responses: { 200: json(draft, 'The draft, now the version’s graph'), 404: errors[404], 409: errors[409] },
    }),
  ),
  diff: createRoute(
    scoped(POLICY_READ_SCOPES, {
      method: 'get',
      path: '/{id}/diff',
      tags,
      summary: 'What changed between two versions (or the draft)',
      request: {
        params: policyIdParam,
        query: z.object({
          from: versionOrDraft,
          to: versionOrDraft,
        }),
      },
      responses: {
        200: json(graphDiffSchema.extend({ from: z.string(), to: z.string() }), 'The differences'),
        400: errors[400],
        404: errors[404],
      },
    }),
  ),
};

function revisionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const revision = Number(ifMatch.replace(/^(W\/)?"?|"?$/g, ''));
  if (!Number.isInteger(revision))
    throw new DomainError('invalid_if_match', 'If-Match must be a draft revision number');
  return revision;
}

export function policiesRouter(versions: PolicyVersions) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(routes.create, async (c) => c.json(await versions.create(c.req.valid('json'), principalOf(c).id), 201));
  app.openapi(routes.list, async (c) => c.json({ items: await versions.list() }, 200));
  app.openapi(routes.get, async (c) => {
    const found = await versions.get(c.req.valid('param').id);
    c.header('ETag', `"${found.draft.revision}"`);
    return c.json(found, 200);
  });
  app.openapi(routes.update, async (c) =>
    c.json(await versions.update(c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(routes.duplicate, async (c) =>
    c.json(await versions.duplicate(c.req.valid('param').id, c.req.valid('json'), principalOf(c).id), 201),
  );
  app.openapi(routes.remove, async (c) => {
    await versions.remove(c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(routes.saveDraft, async (c) => {
    const saved = await versions.saveDraft(
      c.req.valid('param').id,
      c.req.valid('json').graph,
      revisionOf(c.req.valid('header')['if-match']),
      principalOf(c).id,
    );
    c.header('ETag', `"${saved.revision}"`);
    return c.json(saved, 200);
  });
  app.openapi(routes.restore, async (c) => {
    const { id, version } = c.req.valid('param');
    const saved = await versions.restore(id, version, revisionOf(c.req.valid('header')['if-match']), principalOf(c).id);
    c.header('ETag', `"${saved.revision}"`);
    return c.json(saved, 200);
  });
  app.openapi(routes.validate, async (c) => {
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    const diagnostics = await versions.validate(c.req.valid('param').id, body.graph);
    return c.json({ valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics }, 200);
  });
  app.openapi(routes.publish, async (c) => {
    const { note, activate, activateAt } = c.req.valid('json');
    const when = activateAt ?? activate !== false;
    return c.json(await versions.publish(c.req.valid('param').id, note, when, principalOf(c).id), 201);
  });
  app.openapi(routes.versions, async (c) => c.json({ items: await versions.versions(c.req.valid('param').id) }, 200));
  app.openapi(routes.version, async (c) => {
    const { id, version } = c.req.valid('param');
    const row = await versions.version(id, version);
    return c.json(
      {
        version: row.version,
        contentHash: row.contentHash,
        note: row.note,
        publishedAt: row.publishedAt,
        active: row.active,
        author: row.author,
        publisher: row.publisher,
        graph: graphSchema.parse(row.graph),
      },
      200,
    );
  });
  app.openapi(routes.rules, async (c) => {
    const { id, version } = c.req.valid('param');
    return c.json((await versions.version(id, version)).ruleSet as Record<string, unknown>, 200);
  });
  app.openapi(routes.activate, async (c) => {
    const { id, version } = c.req.valid('param');
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    return c.json(await versions.activate(id, version, principalOf(c).id, body.at), 200);
  });
  app.openapi(routes.cancelSchedule, async (c) => {
    return c.json(await versions.cancelSchedule(c.req.valid('param').id), 200);
  });
  app.openapi(routes.diff, async (c) => {
    const { from, to } = c.req.valid('query');
    return c.json(await versions.diff(c.req.valid('param').id, from, to), 200);
  });
  return app;
}
