import { describe, expect, it } from 'vitest';
import { messagePages } from './handoffTables.ts';
import { openDatabase } from './openDatabase.ts';

describe("a backup's agents' messages, a page at a time", () => {
  it('reads on past a run of contacts without messages (calls have none): an empty page only once all are read', () => {
    const db = openDatabase(':memory:');
    try {
      const insert = db.prepare('INSERT INTO handoff_messages (contact_id, data) VALUES (?, ?)');
      // Five calls (no messages), then a WhatsApp conversation, with pages of two contacts.
      const contacts = ['call-1', 'call-2', 'call-3', 'call-4', 'call-5', 'chat-1'];
      insert.run('chat-1', JSON.stringify({ id: 'm1', contactId: 'chat-1', text: 'Bonjour' }));
      insert.run('chat-1', JSON.stringify({ id: 'm2', contactId: 'chat-1', text: 'Mon solde ?' }));
      const next = messagePages(db, contacts, 2);
      // The writer stops at the first empty page: the conversation after the calls must come before it.
      expect(next().map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(next()).toEqual([]);
      expect(next()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('still pages a long list: at most `size` contacts once it holds messages', () => {
    const db = openDatabase(':memory:');
    try {
      const insert = db.prepare('INSERT INTO handoff_messages (contact_id, data) VALUES (?, ?)');
      const contacts = ['a', 'b', 'c', 'd'];
      for (const id of contacts) insert.run(id, JSON.stringify({ id: `m-${id}`, contactId: id, text: 'x' }));
      const next = messagePages(db, contacts, 2);
      expect(next().map((m) => m.id)).toEqual(['m-a', 'm-b']);
      expect(next().map((m) => m.id)).toEqual(['m-c', 'm-d']);
      expect(next()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
