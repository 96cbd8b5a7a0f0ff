import { describe, expect, it } from 'vitest';
import { cannedMatches, cannedText, slashQuery, type CannedReply } from './cannedReplies.ts';

const reply = (id: string, title: string, texts: Record<string, string>, queue?: string): CannedReply => ({ id, title, texts, ...(queue ? { queue } : {}), updatedAt: '', updatedBy: 'sena' });
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
    expect(cannedMatches(replies, 'c', 'support-fr').map((r) => r.title)).toEqual(['Clôture', 'Code PUK']);
    expect(cannedMatches(replies, 'sal', 'support-fr').map((r) => r.title)).toEqual(['Salutation']);
    expect(cannedMatches(replies, 'on', 'support-fr').map((r) => r.title)).toEqual(['Réponse rapide au solde', 'Salutation']);
    expect(cannedMatches(replies, '', 'support-en').map((r) => r.id)).toEqual(['4', '3', '1']);
  });

  it("insert the caller's language when the reply has it, else French, else what it has; variables stay as written", () => {
    expect(cannedText(replies[0]!, 'en')).toBe('Hello, I am here to help.');
    expect(cannedText(replies[0]!, 'fr-BJ')).toBe('Bonjour, je suis là pour vous aider.');
    expect(cannedText(replies[0]!, 'fon')).toBe('Bonjour, je suis là pour vous aider.');
    expect(cannedText(replies[3]!, 'fr')).toBe('Goodbye!');
    expect(cannedText(replies[2]!, 'fr')).toContain('{{prenom}}');
  });
});
