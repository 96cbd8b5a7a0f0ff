import { FlowEvent, HandoffNode, outputsOf, type FlowNode, type HandoffEffect } from '@griot/flows';
import type { SimulatorTurn } from './simulatorStore.ts';

export type AgentOutcome = Extract<FlowEvent, { type: 'handoff' }>['outcome'];

const isAgentOutcome = (output: string): output is AgentOutcome => FlowEvent.safeParse({ type: 'handoff', outcome: output }).success;

/**
 * What the simulator's agent can do with the contact waiting at handoff node `waitingAt`: that
 * node's outputs, so a node that continues on WhatsApp offers `continued` rather than `callback`.
 * `draftNode` is the node in the draft on screen, given for a draft preview; a published version's
 * node may differ from the draft, so without it the handoff effect tells whether it continues
 * elsewhere.
 */
export function agentOutcomes(waitingAt: string, draftNode: FlowNode | undefined, turns: readonly SimulatorTurn[]): AgentOutcome[] {
  let node = draftNode?.type === 'handoff' ? draftNode : undefined;
  if (!node) {
    const effect = lastHandoff(turns, waitingAt);
    node = HandoffNode.parse({ id: waitingAt, type: 'handoff', queue: 'agents', ...(effect?.continueOn ? { continueOn: effect.continueOn } : {}) });
  }
  return outputsOf(node).filter(isAgentOutcome);
}

/** The latest handoff effect of `node` (events ignored while waiting come after it). */
function lastHandoff(turns: readonly SimulatorTurn[], node: string): HandoffEffect | undefined {
  for (const turn of [...turns].reverse()) {
    const found = [...turn.effects].reverse().find((e): e is HandoffEffect => e.type === 'handoff' && e.node === node);
    if (found) return found;
  }
  return undefined;
}
