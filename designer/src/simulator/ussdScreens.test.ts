import { describe, expect, it } from 'vitest';
import type { Effect } from '@griot/flows';
import { ussdScreens } from './ussdScreens.ts';
import type { SimulatorTurn } from './simulatorStore.ts';

const turn = (effects: Effect[], ended = false): SimulatorTurn => ({ event: { type: 'start' }, effects, issues: [], lookups: [], at: null, ended });
const say = (text: string, redacted?: string): Effect => ({ type: 'say', node: 'n', locale: 'fr', text, ...(redacted ? { redacted } : {}) });

describe("the simulator's USSD screens", () => {
  it('pages what the phone pages, at 182 characters with the paging words, and masks sensitive values', () => {
    const long = 'Article : le service 1919 de Griot Telecom répond sans frais. '.repeat(6);
    const { pages, final } = ussdScreens(turn([say('Votre code PUK est 12345678.', 'Votre code PUK est •••.'), say(long)]), 'fr', false);
    expect(final).toBe(false);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.every((p) => p.screen.length <= 182)).toBe(true);
    expect(pages[0]?.screen).toMatch(/^Votre code PUK est •••\./);
    expect(pages[0]?.screen.endsWith('\n00 Suite')).toBe(true);
    expect(pages.at(-1)?.screen.endsWith('\n0 Retour')).toBe(true);
  });

  it('ends the session after a handoff with the words the phone shows, and when the flow ends', () => {
    expect(ussdScreens(turn([say('Je vous passe un conseiller.')]), 'fr', true)).toMatchObject({
      final: true,
      pages: [{ screen: 'Je vous passe un conseiller.\n\nUn conseiller vous rappellera sur ce numéro dès que possible.' }],
    });
    expect(ussdScreens(turn([say('Au revoir.')], true), 'fr', false)).toMatchObject({ final: true, pages: [{ screen: 'Au revoir.' }] });
  });

  it("pages and closes a Fon contact's session in the flow's written language (French), not English", () => {
    const locales = [{ code: 'fr' }, { code: 'fon' }];
    const fon = (text: string): Effect => ({ type: 'say', node: 'n', locale: 'fon', text });
    const long = 'Article : le service 1919 de Griot Telecom répond sans frais. '.repeat(6);
    const { pages } = ussdScreens(turn([fon(long)]), 'fon', false, locales);
    expect(pages[0]?.screen.endsWith('\n00 Suite')).toBe(true);
    expect(pages.at(-1)?.screen.endsWith('\n0 Retour')).toBe(true);
    const handedOver = ussdScreens(turn([fon('Un instant.')]), 'fon', true, locales);
    expect(handedOver.pages[0]?.screen).toContain('Un conseiller vous rappellera sur ce numéro');
    expect(handedOver.pages.map((p) => p.screen).join('\n')).not.toMatch(/More|Back|agent will call/);
  });
});
