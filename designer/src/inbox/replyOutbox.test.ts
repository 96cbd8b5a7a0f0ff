import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { createInboxStore } from './inboxStore.ts';
import { ReplyOutbox } from './replyOutbox.ts';
import type { ContactAction } from './inboxSync.ts';

/** An inbox whose server is unreachable until `online`; the replies it got, with their ids. */
function setUp() {
  const store = createInboxStore();
  const got: { contactId: string; text: string; clientId: string }[] = [];
  let online = false;
  const sync = {
    act: async (contactId: string, action: ContactAction) => {
      await Promise.resolve();
      if (!online) {
        store.getState().setNotice({ kind: 'error', error: new ApiError(0, { error: { code: 'network' } }) });
        return false;
      }
      if (action.kind === 'reply') got.push({ contactId, text: action.text, clientId: action.clientId });
      return true;
    },
    replyRefusedForGood: () => false,
  };
  return { outbox: new ReplyOutbox({ sync, store }), got, goOnline: () => void (online = true) };
}

describe('the replies of an agent holding several conversations', () => {
  it('keeps each box’s text per conversation, and sends the one the network dropped once, under its first id, when it is back', async () => {
    const { outbox, got, goOnline } = setUp();
    outbox.type('c1', 'Je regarde votre ligne.');
    expect(await outbox.send('c1')).toBe(false);
    expect(outbox.draft('c1')).toMatchObject({ text: 'Je regarde votre ligne.', unsent: 'Je regarde votre ligne.' });
    const firstId = outbox.draft('c1').attempt?.clientId;
    outbox.type('c2', 'Pouvez-vous');
    expect(outbox.draft('c2')).toMatchObject({ text: 'Pouvez-vous', unsent: null });

    goOnline();
    // The network's `online` and the live stream's reopening both say so.
    outbox.sendUnsent();
    outbox.sendUnsent();
    await expect.poll(() => outbox.draft('c1').text).toBe('');
    expect(got).toEqual([{ contactId: 'c1', text: 'Je regarde votre ligne.', clientId: firstId }]);
    // Only what was said unsent goes: the text being written stays in its box.
    expect(outbox.draft('c2').text).toBe('Pouvez-vous');
  });

  it('sends nothing of an unsent reply the agent changed since: it is a new reply, sent when she presses Enter', async () => {
    const { outbox, got, goOnline } = setUp();
    outbox.type('c1', 'Bonjour');
    await outbox.send('c1');
    outbox.type('c1', 'Bonjour, je vérifie.');
    goOnline();
    outbox.sendUnsent();
    await Promise.resolve();
    expect(got).toEqual([]);
    expect(await outbox.send('c1')).toBe(true);
    expect(got.map((g) => g.text)).toEqual(['Bonjour, je vérifie.']);
  });

  it('keeps nothing of a reply still on its way when the agent signed out: the next agent on the computer never gets it in a box or sends it', async () => {
    const store = createInboxStore();
    let answer: (sent: boolean) => void = () => undefined;
    const sync = {
      act: () => new Promise<boolean>((resolve) => (answer = resolve)),
      replyRefusedForGood: () => false,
    };
    const outbox = new ReplyOutbox({ sync, store });
    outbox.type('c1', 'Votre code est en cours de renvoi.');
    const sending = outbox.send('c1');
    // Awa signs out on the shared computer while her reply waits for the network.
    outbox.clear();
    store.getState().setNotice({ kind: 'error', error: new ApiError(0, { error: { code: 'network' } }) });
    answer(false);
    expect(await sending).toBe(false);
    expect(outbox.draft('c1')).toEqual({ text: '', attempt: null, unsent: null, busy: false });
    expect(outbox.drafts.getState()).toEqual({});
  });

  it('forgets everything at sign-out', async () => {
    const { outbox } = setUp();
    outbox.type('c1', 'Bonjour');
    outbox.clear();
    expect(outbox.draft('c1').text).toBe('');
  });
});
