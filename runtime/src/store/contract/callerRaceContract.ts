import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@griot/flows';
import type { CallerChanges, Store } from '../types.ts';
import { at, session, turn } from './fixtures.ts';

const NUMBER = '+2290197000041';

/**
 * Two contacts of one number at once (a call to 1919 while the WhatsApp chat is open, or two
 * instances each taking one): each reads the profile at its start and writes its changes with its
 * turns, in any order. The later write wins per variable and for the language; a contact never
 * writes back a value it read after the other changed it, and a move to a renamed variable's
 * current name (`CallerChanges.read`) applies only to the profile it was read from.
 */
export function callerRaceContract(store: () => Store) {
  let turns = 0;
  /** One turn of contact `key`, saving `changes` to the caller's profile. */
  const save = (key: string, changes: CallerChanges, minute: number) => {
    turns += 1;
    return store().saveTurn({ session: session(key, at(60), turns), turn: turn(minute), caller: { key: NUMBER, changes, at: at(minute) } });
  };
  const profile = async () => (await store().getCaller(NUMBER))?.variables;
  const put = (variables: Record<string, string | number>) => store().putCaller({ number: NUMBER, preferredLocale: 'fr', variables, contacts: [], createdAt: at(0), updatedAt: at(0) });

  describe('two contacts of one caller at once', () => {
    it('keeps what each wrote of different variables and of the language: neither writes the whole profile back', async () => {
      await put({ segment: 'gold', seuil: 1000 });
      // Both started from { segment: gold, seuil: 1000 }, in French.
      await save('whatsapp:A', { preferredLocale: 'en', variables: { seuil: 500 } }, 1);
      await save('voice:B', { variables: { segment: 'silver' }, lastChannel: 'voice' }, 2);
      const after = await store().getCaller(NUMBER);
      expect(after?.variables).toEqual({ segment: 'silver', seuil: 500 });
      // The call that started in French and did not choose again leaves English, chosen on WhatsApp.
      expect(after?.preferredLocale).toBe('en');
      expect(after?.lastChannel).toBe('voice');
    });

    it('keeps the later write of the same variable', async () => {
      await put({ seuil: 1000 });
      await save('whatsapp:A', { variables: { seuil: 500 } }, 1);
      await save('voice:B', { variables: { seuil: 2000 } }, 2);
      expect(await profile()).toEqual({ seuil: 2000 });
      await save('whatsapp:A', { preferredLocale: 'en' }, 3);
      await save('voice:B', { preferredLocale: 'fon' }, 4);
      expect((await store().getCaller(NUMBER))?.preferredLocale).toBe('fon');
    });

    // « seg » renamed « segment »: both contacts start on the new version and read { seg: gold }.
    const move: CallerChanges = { variables: { segment: 'gold' }, forget: ['seg'], read: { seg: { value: 'gold' }, segment: null } };

    it('never moves a renamed variable’s value over a newer one written since the contact read the profile', async () => {
      await put({ seg: 'gold', seuil: 1000 });
      await save('whatsapp:B', move, 1);
      await save('whatsapp:B', { variables: { segment: 'platinum' } }, 2);
      // A's first turn comes last, with the move it computed from what it read: « segment » stays platinum.
      await save('voice:A', { ...move, lastChannel: 'voice' }, 3);
      expect(await profile()).toEqual({ segment: 'platinum', seuil: 1000 });
      expect((await store().getCaller(NUMBER))?.lastChannel).toBe('voice');
    });

    it('applies the turn’s own changes with a move that no longer holds, and forgets no former name written since', async () => {
      await put({ seg: 'gold', seuil: 1000 });
      await save('whatsapp:B', move, 1);
      // A contact still on the version before the rename writes « seg » again.
      await save('voice:C', { variables: { seg: 'bronze' } }, 2);
      await save('voice:A', { ...move, variables: { segment: 'gold', seuil: 750 } }, 3);
      expect(await profile()).toEqual({ segment: 'gold', seg: 'bronze', seuil: 750 });
    });

    it('compares what the contact read as the value it was, whatever its type: a number, an object, a list, null', async () => {
      const held: Record<string, JsonValue> = { alertes: { seuil: 1000, 'canal.sms': true, $devise: 'XOF' }, numeros: ['+2290197000001', 7], rien: null };
      for (const [name, value] of Object.entries(held)) {
        const moved: CallerChanges = { variables: { nouveau: value }, forget: [name], read: { [name]: { value }, nouveau: null } };
        await store().putCaller({ number: NUMBER, variables: { [name]: value }, contacts: [], createdAt: at(0), updatedAt: at(0) });
        await save('voice:T', moved, 1);
        expect(await profile(), name).toEqual({ nouveau: value });
      }
      // Not the same value: a string where a number was read, a list in another order, an object changed.
      // (A list holding the value read is not the value either; the in-memory driver, whose `$expr`
      // `$eq` looks into lists as a query's equality does, cannot say it: MongoDB does not.)
      const differing: Array<[JsonValue, JsonValue]> = [
        ['1000', 1000],
        [[7, '+2290197000001'], held.numeros as JsonValue],
        [{ seuil: 500, 'canal.sms': true, $devise: 'XOF' }, held.alertes as JsonValue],
      ];
      for (const [stored, read] of differing) {
        await store().putCaller({ number: NUMBER, variables: { ancien: stored }, contacts: [], createdAt: at(0), updatedAt: at(0) });
        await save('voice:T', { variables: { nouveau: read }, forget: ['ancien'], read: { ancien: { value: read }, nouveau: null } }, 2);
        expect(await profile(), JSON.stringify(stored)).toEqual({ ancien: stored });
      }
    });

    it('moves the profile when it still holds what the contact read, the turn’s own value over the moved one', async () => {
      await put({ seg: 'gold', seuil: 1000 });
      await save('voice:A', { variables: { segment: 'silver' }, forget: ['seg'], read: { seg: { value: 'gold' } } }, 1);
      expect(await profile()).toEqual({ segment: 'silver', seuil: 1000 });
      await put({ seg: 'gold' });
      await save('voice:A2', move, 2);
      expect(await profile()).toEqual({ segment: 'gold' });
    });
  });
}
