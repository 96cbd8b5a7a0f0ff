import type { StepIssue } from '@griot/flows';
import type { SimulatorTurn } from './simulatorStore.ts';

/** Issues a look-up's own note already explains in the editor's language. */
const EXPLAINED_BY_LOOKUP = new Set(['http.failed', 'preview.noFixture', 'preview.notTestNumber']);

/** The turn's issues worth a line of their own: those its look-up notes do not already explain. */
export function visibleIssues(turn: SimulatorTurn): StepIssue[] {
  return turn.issues.filter((issue) => !(EXPLAINED_BY_LOOKUP.has(issue.code) && turn.lookups.some((l) => l.node === issue.node)));
}
