/** Response and parameter schemas shared by the routers; they also make the OpenAPI document. */
import { z } from '@hono/zod-openapi';
import { DIAGNOSTIC_CODES, graphSchema } from '../policy';
import { ERROR_CODES } from '../errors';

const codes = Object.keys(ERROR_CODES) as Array<keyof typeof ERROR_CODES>;
const errorCode = z.enum([...codes, 'internal_error']).openapi({
  description: [
    'A stable code (docs/errors.md):',
    ...codes.map((code) => `- \`${code}\`: ${ERROR_CODES[code].meaning}`),
    '- `internal_error`: a failure on the server side (500); it has been logged',
  ].join('\n'),
});

export const errorBody = z
  .object({
    error: z.object({
      code: errorCode,
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({
  content: { 'application/json': { schema: errorBody } },
  description,
});
export const errors = {
  400: errorResponse('Malformed or mistyped input'),
  403: errorResponse('Not allowed: four-eyes, or a scope the key lacks'),
  404: errorResponse('Unknown policy, version or decision'),
  409: errorResponse('Conflict with the current state'),
  413: errorResponse('Request too large'),
  422: errorResponse('Well-formed input that makes no sense'),
};

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const policyIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'standard-b2b' }),
});
/** Versions are PostgreSQL integers: a larger number names no version and must not reach the store. */
export const MAX_VERSION = 2_147_483_647;

/** A version number, or "draft" (a diff's ends). */
export const versionOrDraft = z
  .string()
  .regex(/^(\d+|draft)$/, 'a version number or "draft"')
  .refine((v) => v === 'draft' || Number(v) <= MAX_VERSION, `a version number is at most ${MAX_VERSION}`);

export const versionParam = policyIdParam.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_VERSION)
    .openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});

export const diagnostic = z
  .object({
    code: z.enum(DIAGNOSTIC_CODES),
    severity: z.enum(['error', 'warning']),
    message: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.string().optional(),
  })
  .openapi('Diagnostic');

/**
 * The policy graph as one named component. The policy core is plain zod (it may be loaded
 * before zod-openapi patches zod), so it is named with zod's own metadata.
 */
export const policyGraph = graphSchema.meta({ id: 'PolicyGraph' });
