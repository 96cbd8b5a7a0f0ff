import { describe, expect, it } from 'vitest';
import { ClosingOutcome, closingOutcomeOf } from './closingOutcome.ts';

describe('closing outcomes', () => {
  it('accepts the codes of the list and nothing else', () => {
    expect(ClosingOutcome.safeParse('callback_promised').success).toBe(true);
    expect(ClosingOutcome.safeParse('résolu').success).toBe(false);
    expect(ClosingOutcome.safeParse('code PUK donné').success).toBe(false);
  });

  it('reads the words agents typed before the list as the code they meant, in either language', () => {
    expect(['résolu', 'Résolu ', 'resolved'].map(closingOutcomeOf)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(['non résolu', 'à rappeler', 'call back', 'transmis', 'escalated'].map(closingOutcomeOf)).toEqual(['unresolved', 'callback_promised', 'callback_promised', 'escalated', 'escalated']);
  });

  it('leaves other stored words alone', () => {
    expect(closingOutcomeOf('code PUK donné')).toBeUndefined();
    expect(closingOutcomeOf('released')).toBeUndefined();
  });
});
