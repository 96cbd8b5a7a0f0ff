import { describe, expect, it } from 'vitest';
import { choiceEffect as ask, sayEffect as say } from '../fixtures/effects.ts';
import { channelCapabilities } from './channelCapabilities.ts';
import { renderScreens } from './renderScreens.ts';

const { ussd } = channelCapabilities;

describe('renderScreens on the USSD row', () => {
  it('shows a menu as numbered lines under its prompt, SSML gone, on one screen', () => {
    const turn = renderScreens(
      [
        say('main', '<speak>Bienvenue sur le 1919 &amp; merci.</speak>'),
        ask('main', [
          ['1', 'Code PUK'],
          ['2', 'Solde'],
        ]),
      ],
      { capabilities: ussd, locale: 'fr' },
    );
    expect(turn.pages.map((p) => p.screen)).toEqual(['Bienvenue sur le 1919 & merci.\n\n1. Code PUK\n2. Solde']);
    expect(turn).toMatchObject({ final: false, menuKeys: ['1', '2'] });
  });

  it("pages a long turn with the words of the contact's language", () => {
    const long = 'Your airtime balance is 48000 CFA francs. '.repeat(8);
    const turn = renderScreens(
      [
        say('balance', long, undefined, 'en'),
        ask(
          'after',
          [
            ['1', 'Main menu'],
            ['2', 'Agent'],
          ],
          'en',
        ),
      ],
      { capabilities: ussd, locale: 'en' },
    );
    expect(turn.pages.length).toBeGreaterThan(1);
    expect(turn.pages[0]?.screen.endsWith('\n00 More')).toBe(true);
    expect(turn.pages.at(-1)?.screen).toMatch(/1\. Main menu\n2\. Agent\n0 Back$/);
  });

  it('does not offer the back key when the waiting menu has an option keyed 0: the option wins', () => {
    const long = 'Informations importantes sur votre forfait. '.repeat(6);
    const turn = renderScreens(
      [
        say('m', long),
        ask('m', [
          ['1', 'Solde'],
          ['0', 'Menu principal'],
        ]),
      ],
      { capabilities: ussd, locale: 'fr' },
    );
    expect(turn.pages.length).toBeGreaterThan(1);
    expect(turn.pages.some((p) => p.hasBack || p.screen.includes('Retour'))).toBe(false);
  });

  it("ends with the channel's words when the session closes for a reason of its own", () => {
    const agent = renderScreens([say('handoff', 'Je vous passe un conseiller.')], { capabilities: ussd, locale: 'fr', closing: 'agent' });
    expect(agent.pages.map((p) => p.screen)).toEqual(['Je vous passe un conseiller.\n\nUn conseiller vous rappellera sur ce numéro dès que possible.']);
    expect(agent.final).toBe(true);
    expect(renderScreens([say('lookup', 'One moment.', undefined, 'en')], { capabilities: ussd, locale: 'en', closing: 'answerFollows', followUpLabel: 'SMS' }).pages[0]?.screen).toBe(
      'One moment.\n\nYour request is taking longer than expected: you will receive the answer by SMS.',
    );
    expect(renderScreens([say('bye', 'Au revoir.')], { capabilities: ussd, locale: 'fr', closing: 'ended' }).pages[0]?.screen).toBe('Au revoir.');
  });

  it('offers no key on the screen that closes the session: nothing can be answered after END', () => {
    const long = 'Votre forfait est renouvelé chaque mois à la même date. '.repeat(6);
    const turn = renderScreens([say('info', long), say('bye', 'Au revoir.')], { capabilities: ussd, locale: 'fr', closing: 'ended' });
    expect(turn.pages.length).toBeGreaterThan(1);
    expect(turn.pages[0]?.screen.endsWith('\n00 Suite')).toBe(true);
    expect(turn.pages.at(-1)).toMatchObject({ hasNext: false, hasBack: false });
    expect(turn.pages.at(-1)?.screen).toMatch(/Au revoir\.$/);
  });

  it('says which recordings it could not show', () => {
    const turn = renderScreens(
      [
        say('language', 'Pour le français, tapez 1.'),
        say('language', undefined, 'fon/language.wav', 'fon'),
        ask('language', [
          ['1', 'Français'],
          ['3', 'Fon'],
        ]),
      ],
      { capabilities: ussd, locale: 'fr' },
    );
    expect(turn.pages[0]?.screen).toBe('Pour le français, tapez 1.\n\n1. Français\n3. Fon');
    expect(turn.dropped).toEqual([{ node: 'language', reason: expect.stringContaining('audio only') }]);
  });
});
