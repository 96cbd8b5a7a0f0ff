import { describe, expect, it } from 'vitest';
import { withStartChanges } from './TurnRecorder.ts';
import { applyCallerChanges } from '../store/callerChanges.ts';

describe('a first turn’s changes after the move its contact made', () => {
  // « plafond » renamed « seuil »: the contact read { plafond: 1000 } and moves it.
  const move = { variables: { seuil: 1000 }, forget: ['plafond'], read: { seuil: null, plafond: { value: 1000 } } };
  const stored = { number: '+2290197000001', variables: { seuil: 700, plafond: 1000 }, createdAt: 'a', updatedAt: 'a' };

  it('writes the value the turn set, even when another contact changed that variable since the move was made', () => {
    // Another contact set 700 meanwhile, but the caller just chose 500 in this turn: theirs is the
    // later write, and « plafond » still holds what was read, so it is forgotten.
    const changes = withStartChanges(move, { variables: { seuil: 500 } });
    expect(applyCallerChanges(stored, stored.number, changes, 'b').variables).toEqual({ seuil: 500 });
  });

  it('drops the move, and only it, when the profile changed since', () => {
    const changes = withStartChanges({ ...move, lastChannel: 'voice' }, { variables: { langueVue: 'fr' } });
    const head = applyCallerChanges(stored, stored.number, changes, 'b');
    expect(head.variables).toEqual({ seuil: 700, plafond: 1000, langueVue: 'fr' });
    expect(head.lastChannel).toBe('voice');
  });
});
