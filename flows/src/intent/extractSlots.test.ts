import { describe, expect, it } from 'vitest';
import { extractSlot } from './extractSlots.ts';
import { cpuMs } from '../fixtures/cpuTime.testSupport.ts';

/** The least CPU time of a few runs, in milliseconds: what the work costs, whatever else the machine is doing. */
const cost = (run: () => unknown): number => cpuMs(run, 5);

describe('extractSlot on long or hostile text', () => {
  // What a caller could type or paste into a WhatsApp or web chat answer: 40,000 characters.
  const hostile = {
    digits: '9'.repeat(40_000),
    spaced: '97 '.repeat(13_334),
    mixed: 'a1+ 2-'.repeat(6_667),
    numbers: '01 97 00 '.repeat(4_445),
  };

  it('reads a phone number or an amount from 40,000 characters in a few milliseconds, not hundreds', () => {
    for (const [shape, text] of Object.entries(hostile)) {
      for (const kind of ['phone', 'amount'] as const) {
        const ms = cost(() => extractSlot(text, kind, 'BJ'));
        expect(ms, `${kind} in ${shape}`).toBeLessThan(25);
      }
    }
  });

  it('still finds a number far into a long message, and calls no endless digit run an amount', () => {
    const words = 'bonjour je voudrais envoyer de l argent à mon frère qui habite à Parakou depuis longtemps, '.repeat(5);
    expect(extractSlot(`${words}son numéro est le 01 97 00 00 02 merci`, 'phone', 'BJ')).toBe('+2290197000002');
    expect(extractSlot(`${words}tel: +229 01 97 00 00 02.`, 'phone', 'BJ')).toBe('+2290197000002');
    expect(extractSlot(`j'ai 2 enfants, appelez le 01 97 00 00 02`, 'phone', 'BJ')).toBe('+2290197000002');
    expect(extractSlot(`${words}envoyez 5 000 F`, 'amount', 'BJ')).toBe(5000);
    expect(extractSlot('envoyer 12 500,50 francs', 'amount', 'BJ')).toBe(12500.5);
    expect(extractSlot(hostile.digits, 'amount', 'BJ')).toBeUndefined();
    expect(extractSlot(hostile.digits, 'phone', 'BJ')).toBeUndefined();
  });
});
