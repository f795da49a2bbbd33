/** What each node kind is called and how it looks, for the palette, the nodes and the inspector. */
import { type NodeKind } from '@dunwell/engine/policy';

export interface KindInfo {
  kind: NodeKind;
  title: string;
  /** One line for the palette: what the step does. */
  blurb: string;
  /** A short glyph drawn in the node header and the palette. */
  glyph: string;
  /** The kind's colour, as styles.css has it (--k-<kind>), for the minimap. */
  color: string;
}

export const KINDS: readonly KindInfo[] = [
  { kind: 'start', title: 'Start', blurb: 'Where every invoice enters the policy', glyph: '▶', color: '#4f46e5' },
  { kind: 'condition', title: 'Condition', blurb: 'Yes or no, from the invoice’s facts', glyph: '?', color: '#0284c7' },
  { kind: 'switch', title: 'Switch', blurb: 'The first matching case wins', glyph: '≡', color: '#7c3aed' },
  { kind: 'split', title: 'Split test', blurb: 'Champion / challenger by account', glyph: '%', color: '#c026d3' },
  { kind: 'wait', title: 'Wait', blurb: 'Hold until a day count is reached', glyph: '◷', color: '#d97706' },
  { kind: 'action', title: 'Action', blurb: 'Email, SMS, call, letter, task, escalate', glyph: '✉', color: '#059669' },
  { kind: 'stop', title: 'Stop', blurb: 'No contact, with a reason', glyph: '■', color: '#64748b' },
];

export const kindInfo = (kind: NodeKind): KindInfo => KINDS.find((k) => k.kind === kind)!;
