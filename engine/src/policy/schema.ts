/** The policy graph: the one schema shared by the store, the API, the editor and the compiler. */
import { z } from 'zod';
import { nodeId } from './nodes/kind';
import { policyContactRulesSchema } from './contact-rules';
import { nodeSchema } from './nodes';

export const edgeSchema = z.object({
  id: nodeId,
  source: z.string(),
  sourceHandle: z.string(),
  target: z.string(),
});
export type PolicyEdge = z.infer<typeof edgeSchema>;

export const graphSchema = z.object({
  nodes: z.array(nodeSchema).max(5000),
  edges: z.array(edgeSchema).max(20000),
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number() }).optional(),
  /** Contact rules this policy tightens beyond the deployment's. */
  contactRules: policyContactRulesSchema.optional(),
});
export type PolicyGraph = z.infer<typeof graphSchema>;

/** A policy as exported and imported: its name and its graph. */
export const policyDocumentSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .optional(),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  graph: graphSchema,
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
