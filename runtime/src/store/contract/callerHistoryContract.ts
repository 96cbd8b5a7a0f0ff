import { describe, expect, it } from 'vitest';
import type { ContactSummary, Store } from '../types.ts';
import { CONTACTS_KEPT } from '../callerChanges.ts';
import { at, caller, session, turn } from './fixtures.ts';

const NUMBER = '+2290197000001';
const contact = (minute: number, channel: ContactSummary['channel'] = 'voice'): ContactSummary => ({ at: at(minute), channel, reason: 'served', outcome: 'completed' });

/**
 * A caller's contact history, kept apart from the rest of the profile: a new contact reads only
 * what it needs (`recallCaller`), an ended one adds its summary; erasing or purging a profile
 * takes its history with it.
 */
export function callerHistoryContract(store: () => Store) {
  const endContact = (minute: number, channel: ContactSummary['channel'] = 'voice', key = NUMBER) =>
    store().saveTurn({ session: session(`voice:CA${minute}`, at(600)), turn: turn(minute), caller: { key, changes: { contact: contact(minute, channel) }, at: at(minute) } });

  describe('caller history', () => {
    it('recalls a profile with its last contact only, whatever the length of its history', async () => {
      const { contacts: _history, ...head } = caller(NUMBER);
      await store().putCaller(caller(NUMBER));
      for (let minute = 1; minute <= CONTACTS_KEPT + 3; minute += 1) await endContact(minute, minute % 2 === 0 ? 'whatsapp' : 'voice');
      const recalled = await store().recallCaller(NUMBER);
      expect(recalled).toEqual({ ...head, lastChannel: 'voice', lastContact: contact(CONTACTS_KEPT + 3, 'voice'), updatedAt: at(CONTACTS_KEPT + 3) });
      expect(recalled).not.toHaveProperty('contacts');
      // The whole profile still has the last CONTACTS_KEPT, oldest first.
      expect((await store().getCaller(NUMBER))?.contacts).toEqual(Array.from({ length: CONTACTS_KEPT }, (_, i) => contact(i + 4, (i + 4) % 2 === 0 ? 'whatsapp' : 'voice')));
    });

    it('recalls a profile with no history without a last contact, and an unknown caller as null', async () => {
      await store().putCaller({ ...caller(NUMBER), contacts: [] });
      const { contacts: _none, ...head } = caller(NUMBER);
      expect(await store().recallCaller(NUMBER)).toEqual(head);
      expect(await store().recallCaller('+2290197000099')).toBeNull();
    });

    it('replaces the history with the profile when one is put', async () => {
      await store().putCaller(caller(NUMBER));
      await endContact(1);
      await endContact(2);
      const shorter = { ...caller(NUMBER, at(5)), contacts: [contact(4, 'whatsapp')] };
      await store().putCaller(shorter);
      expect(await store().getCaller(NUMBER)).toEqual(shorter);
      await endContact(6);
      expect((await store().getCaller(NUMBER))?.contacts).toEqual([contact(4, 'whatsapp'), contact(6)]);
    });

    it('keeps a profile put with a longer history as it is until its next contact, which keeps the last CONTACTS_KEPT', async () => {
      const longer = { ...caller(NUMBER, at(0)), contacts: Array.from({ length: CONTACTS_KEPT + 4 }, (_, i) => contact(i - 40)) };
      await store().putCaller(longer);
      expect(await store().getCaller(NUMBER)).toEqual(longer);
      expect(await store().recallCaller(NUMBER)).toMatchObject({ lastContact: contact(CONTACTS_KEPT + 3 - 40) });
      await endContact(1);
      expect((await store().getCaller(NUMBER))?.contacts).toEqual([...longer.contacts.slice(5), contact(1)]);
    });

    it('erases the history with the profile: a contact after the erasure starts a new one', async () => {
      await store().putCaller(caller(NUMBER));
      await endContact(1);
      expect(await store().deleteCaller(NUMBER)).toBe(true);
      expect(await store().recallCaller(NUMBER)).toBeNull();
      await endContact(2);
      expect((await store().getCaller(NUMBER))?.contacts).toEqual([contact(2)]);
      expect(await store().recallCaller(NUMBER)).toMatchObject({ number: NUMBER, lastContact: contact(2), createdAt: at(2) });
    });

    it('purges the history with the profile, and keeps the others’', async () => {
      await endContact(1, 'voice', '+1');
      await endContact(20, 'voice', '+2');
      expect(await store().purgeCallers(at(10))).toBe(1);
      await endContact(30, 'whatsapp', '+1');
      expect((await store().getCaller('+1'))?.contacts).toEqual([contact(30, 'whatsapp')]);
      expect((await store().getCaller('+2'))?.contacts).toEqual([contact(20)]);
    });

    it('keeps each history in a backup, in order', async () => {
      await store().putCaller(caller(NUMBER));
      await endContact(1);
      await endContact(2, 'whatsapp', '+2290197000002');
      const dump = await store().dump();
      expect(dump.callers).toEqual([
        { ...caller(NUMBER), lastChannel: 'voice', contacts: [...caller(NUMBER).contacts, contact(1)], updatedAt: at(1) },
        { number: '+2290197000002', lastChannel: 'whatsapp', contacts: [contact(2, 'whatsapp')], variables: {}, createdAt: at(2), updatedAt: at(2) },
      ]);
    });
  });
}
