/** One React Flow node component per policy node kind. */
import { type NodeTypes } from '@xyflow/react';
import { ActionNode } from './ActionNode';
import { ConditionNode } from './ConditionNode';
import { SplitNode } from './SplitNode';
import { StartNode } from './StartNode';
import { StopNode } from './StopNode';
import { SwitchNode } from './SwitchNode';
import { WaitNode } from './WaitNode';

export const nodeTypes = {
  start: StartNode,
  condition: ConditionNode,
  switch: SwitchNode,
  split: SplitNode,
  wait: WaitNode,
  action: ActionNode,
  stop: StopNode,
} satisfies NodeTypes;
