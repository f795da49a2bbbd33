/** The content a node starts with when it is dropped from the palette: valid, and easy to adjust. */
import { type NodeKind } from '@dunwell/engine/policy';
import { type NodeContent } from './flow-graph';

export function newNodeContent(kind: NodeKind, id: string): NodeContent {
  switch (kind) {
    case 'start':
      return { id, kind };
    case 'condition':
      return { id, kind, predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 } };
    case 'switch':
      return {
        id,
        kind,
        cases: [
          {
            id: 'case-1',
            label: '30+ days',
            predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 30 },
          },
          {
            id: 'case-2',
            label: '7+ days',
            predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 },
          },
        ],
      };
    case 'split':
      return {
        id,
        kind,
        arms: [
          { id: 'A', weight: 50 },
          { id: 'B', weight: 50 },
        ],
      };
    case 'wait':
      return { id, kind, fact: 'daysPastDue', days: 7 };
    case 'action':
      return {
        id,
        kind,
        action: { type: 'email', template: 'reminder-1', level: 1, priority: 'normal', fallback: 'letter' },
      };
    case 'stop':
      return { id, kind, reason: 'paid' };
  }
}
