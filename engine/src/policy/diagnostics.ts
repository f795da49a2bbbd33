/**
 * Validation diagnostics: a catalogue of stable codes, each problem with a message a finance
 * user understands and the node or edge it concerns. The editor and the API show the same ones.
 */
export const DIAGNOSTIC_CODES = [
  'NO_START',
  'MULTIPLE_STARTS',
  'DUPLICATE_ID',
  'DANGLING_EDGE',
  'INVALID_HANDLE',
  'DUPLICATE_EDGE',
  'EDGE_INTO_START',
  'CYCLE',
  'UNREACHABLE_NODE',
  'MISSING_BRANCH',
  'DEAD_END',
  'UNKNOWN_FACT',
  'INVALID_OPERATOR',
  'INVALID_VALUE',
  'DUPLICATE_HANDLE',
  'SPLIT_WEIGHTS',
  'INVALID_WAIT_FACT',
  'MISSING_TARGET',
  'MISSING_REASON',
  'INVALID_FALLBACK',
  'NO_CONSENT_CHECK',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Where in the node: `predicate[i]` or `cases.<n>.predicate[i]` (i counts comparisons depth first), or an output handle. */
  path?: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');
