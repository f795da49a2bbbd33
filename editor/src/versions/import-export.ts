/** A policy as a JSON file (the engine's policyDocumentSchema), in and out. */
import { policyDocumentSchema, type PolicyDocument, type PolicyGraph } from '@dunwell/engine/policy';

export type ParsedDocument = { ok: true; document: PolicyDocument } | { ok: false; problems: string[] };

export function parsePolicyDocument(text: string): ParsedDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['The file is not JSON'] };
  }
  const parsed = policyDocumentSchema.safeParse(json);
  if (parsed.success) return { ok: true, document: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || 'document'}: ${i.message}`),
  };
}

export function exportDocument(policy: { id: string; name: string; description: string }, graph: PolicyGraph): string {
  const document: PolicyDocument = {
    ...(policyDocumentSchema.shape.id.safeParse(policy.id).success ? { id: policy.id } : {}),
    name: policy.name,
    ...(policy.description ? { description: policy.description } : {}),
    graph,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  URL.revokeObjectURL(url);
}
