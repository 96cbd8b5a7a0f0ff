import { describe, expect, it } from 'vitest';
import { MASK, type Flow, type HandoffContact } from '@griot/flows';
import type { Transcript, TranscriptTurn } from '../store/types.ts';
import { BOT_TURNS_SHOWN, botTurns } from './botTurns.ts';

const at = (second: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, second)).toISOString();
const turn = (second: number, input: TranscriptTurn['input'], prompts: string[], effects: string[] = ['say', 'ask'], nodes: string[] = []): TranscriptTurn => ({
  at: at(second),
  input,
  prompts,
  nodes,
  effects,
  durationMs: 1,
});
const contact = { enqueuedAt: at(30) } as HandoffContact;
const transcript = (turns: TranscriptTurn[], startedAt = at(0)) => ({ startedAt, turns }) as Transcript;

describe('botTurns', () => {
  it('gives what the subscriber said (as the transcript masked it) and what the bot said, up to the handover', () => {
    const lines = botTurns(
      contact,
      transcript([
        turn(1, { type: 'start' }, ['Tapez 1 pour le français.']),
        turn(5, { type: 'digits', digits: '•••' }, ['Votre code PUK est •••.']),
        // Written just after the contact was queued: the turn that handed over.
        turn(31, { type: 'text', text: 'Un conseiller' }, ['Merci de patienter.'], ['say', 'handoff']),
        // What the subscriber then wrote to the agent is a message, not part of the bot's conversation.
        turn(40, { type: 'text', text: 'Mon forfait' }, [], []),
      ]),
    );
    expect(lines.map(({ from, text }) => `${from}: ${text}`)).toEqual([
      'bot: Tapez 1 pour le français.',
      'subscriber: •••',
      'bot: Votre code PUK est •••.',
      'subscriber: Un conseiller',
      'bot: Merci de patienter.',
    ]);
  });

  it('keeps the last lines only, and nothing of a transcript started after the contact', () => {
    const many = Array.from({ length: 40 }, (_, i) => turn(i % 30, { type: 'text', text: `m${i}` }, [`p${i}`]));
    const lines = botTurns(contact, transcript(many));
    expect(lines).toHaveLength(BOT_TURNS_SHOWN);
    expect(lines.at(-1)?.text).toBe('p39');
    expect(botTurns(contact, transcript([turn(50, { type: 'text', text: 'later' }, [])], at(45)))).toEqual([]);
    expect(botTurns(contact, null)).toEqual([]);
  });

  it('starts with the message that opened the contact, and shows options by the labels the subscriber saw, in their language', () => {
    const flow = {
      locales: [
        { code: 'fr', name: 'Français' },
        { code: 'fon', name: 'Fɔngbè' },
      ],
      nodes: [
        { id: 'language', type: 'language' },
        {
          id: 'mainMenu',
          type: 'menu',
          options: [
            { id: 'opt_1', label: { fr: 'Solde' } },
            { id: 'opt_2', label: { fr: 'Forfaits', fon: 'Akwɛ xójí' } },
          ],
        },
        { id: 'askPuk', type: 'menu', options: [{ id: 'opt_1', label: { fr: 'Oui' } }] },
      ],
    } as unknown as Flow;
    const fon = { enqueuedAt: at(30), locale: 'fon' } as HandoffContact;
    const lines = botTurns(
      fon,
      transcript([
        turn(1, { type: 'start', text: 'Bonjour' }, ['Choisissez votre langue.'], ['say', 'ask'], ['start', 'language']),
        turn(3, { type: 'choice', option: 'fon' }, ['Nǔ tɛ…'], ['say', 'ask'], ['mainMenu']),
        turn(5, { type: 'choice', option: 'opt_2' }, ['…'], ['say', 'ask'], ['askPuk']),
        // No label in Fon: the flow's default language; a masked choice stays masked.
        turn(7, { type: 'choice', option: 'opt_1' }, [], ['say', 'ask'], ['askPuk']),
        turn(9, { type: 'choice', option: MASK }, [], ['say', 'ask'], ['askPuk']),
      ]),
      flow,
    );
    expect(lines.filter((l) => l.from === 'subscriber').map((l) => l.text)).toEqual(['Bonjour', 'Fɔngbè', 'Akwɛ xójí', 'Oui', MASK]);
    // Without the flow (a version gone), the ids the transcript kept.
    expect(botTurns(fon, transcript([turn(1, { type: 'start' }, ['Menu'], ['say', 'ask'], ['mainMenu']), turn(3, { type: 'choice', option: 'opt_2' }, [])])).map((l) => l.text)).toEqual([
      'Menu',
      'opt_2',
    ]);
  });
});
