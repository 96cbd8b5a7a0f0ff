import { describe, expect, it } from 'vitest';
import { cannedMatches, cannedText, slashQuery, type CannedReply } from './cannedReplies.ts';

const reply = (id: string, title: string, texts: Record<string, string>, ...queues: string[]): CannedReply => ({
  id,
  title,
  texts,
  ...(queues.length ? { queues } : {}),
  updatedAt: '',
  updatedBy: 'sena',
});
const replies = [
  reply('1', 'Salutation', { fr: 'Bonjour, je suis là pour vous aider.', en: 'Hello, I am here to help.' }),
  reply('2', 'Code PUK', { fr: 'Votre code PUK est au dos de la carte SIM.' }, 'support-fr'),
  reply('3', 'Réponse rapide au solde', { fr: 'Tapez *100# pour votre solde, {{prenom}}.' }),
  reply('4', 'Clôture', { en: 'Goodbye!' }),
];

describe('canned replies in the reply box', () => {
  it('are looked for when the box holds "/" and a few letters on one line', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/sal')).toBe('sal');
    expect(slashQuery('Bonjour /sal')).toBeNull();
    expect(slashQuery('/sal\nsuite')).toBeNull();
  });

  it('are found by title, case and accents aside, titles starting with the letters first, and only on their queue', () => {
    expect(cannedMatches(replies, 'REPON', 'support-fr').map((r) => r.id)).toEqual(['3']);
    // The queue's own first, then the general ones.
    expect(cannedMatches(replies, 'c', 'support-fr').map((r) => r.title)).toEqual(['Code PUK', 'Clôture']);
    expect(cannedMatches(replies, 'sal', 'support-fr').map((r) => r.title)).toEqual(['Salutation']);
    expect(cannedMatches(replies, 'on', 'support-fr').map((r) => r.title)).toEqual(['Réponse rapide au solde', 'Salutation']);
    expect(cannedMatches(replies, '', 'support-en').map((r) => r.id)).toEqual(['4', '3', '1']);
  });

  it('meant for some queues, come first on those queues, before the general ones, and not at all on others', () => {
    const marked = [
      ...replies,
      reply('5', 'Facture en ligne', { fr: 'Votre facture est sur l’espace client.' }, 'billing-fr', 'support-fr'),
      reply('6', 'Itinérance', { fr: 'Activez l’itinérance.' }, 'roaming'),
    ];
    expect(cannedMatches(marked, '', 'billing-fr').map((r) => r.title)).toEqual(['Facture en ligne', 'Clôture', 'Réponse rapide au solde', 'Salutation']);
    expect(cannedMatches(marked, '', 'support-fr').map((r) => r.title)).toEqual(['Code PUK', 'Facture en ligne', 'Clôture', 'Réponse rapide au solde', 'Salutation']);
    expect(cannedMatches(marked, 'i', 'roaming').map((r) => r.title)).toEqual(['Itinérance', 'Réponse rapide au solde', 'Salutation']);
  });

  it("insert the caller's language when the reply has it, else French, else what it has; variables stay as written", () => {
    expect(cannedText(replies[0]!, 'en')).toBe('Hello, I am here to help.');
    expect(cannedText(replies[0]!, 'fr-BJ')).toBe('Bonjour, je suis là pour vous aider.');
    expect(cannedText(replies[0]!, 'fon')).toBe('Bonjour, je suis là pour vous aider.');
    expect(cannedText(replies[3]!, 'fr')).toBe('Goodbye!');
    expect(cannedText(replies[2]!, 'fr')).toContain('{{prenom}}');
  });
});
