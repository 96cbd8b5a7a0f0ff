import type { AskEffect, HandoffEffect } from '@griot/flows';
import type { SimulatorTurn } from './simulatorStore.ts';

/** What the flow waits for now: the last turn's question, or an agent after a handoff. */
export function currentWait(turns: readonly SimulatorTurn[]): { ask?: AskEffect; handoff?: HandoffEffect; ended: boolean } {
  const last = turns[turns.length - 1];
  if (!last) return { ended: false };
  if (last.ended) return { ended: true };
  const effects = [...last.effects].reverse();
  const ask = effects.find((e): e is AskEffect => e.type === 'ask');
  const handoff = effects.find((e): e is HandoffEffect => e.type === 'handoff');
  return { ...(ask ? { ask } : {}), ...(handoff ? { handoff } : {}), ended: false };
}
