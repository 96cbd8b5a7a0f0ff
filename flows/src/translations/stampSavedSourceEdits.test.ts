import { describe, expect, it } from 'vitest';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { sourceStamp } from './sourceStamp.ts';
import { stampSavedSourceEdits } from './stampSavedSourceEdits.ts';
import { staleTranslations } from './staleTranslations.ts';

const node = (f: FlowInput, id: string) => f.nodes.find((n) => n.id === id) as Record<string, any>;

/** The sample flow with the goodbye in French, an unstamped English translation and Fon recording. */
function goodbye(fr: string, en = 'Goodbye.'): Flow {
  const f = sampleFlowInput();
  node(f, 'bye').prompt = { fr: { text: fr }, en: { text: en }, fon: { audio: 'fon/bye.wav' } };
  return Flow.parse(f);
}

describe('a draft saved over another from outside the designer', () => {
  it('stamps what was made from the French it replaces, so it reads as to review', () => {
    const saved = stampSavedSourceEdits(goodbye('Au revoir.'), goodbye('Merci de votre appel, au revoir.'));
    expect(node(saved, 'bye').prompt).toMatchObject({ en: { sourceStamp: sourceStamp('Au revoir.') }, fon: { audioSourceStamp: sourceStamp('Au revoir.') } });
    expect(staleTranslations(saved).map((s) => `${s.node} ${s.locale} ${s.text} ${s.audio}`)).toEqual(['bye en true false', 'bye fon false true']);
  });

  it('leaves alone a translation rewritten in the same save, and a document whose French did not change', () => {
    const both = stampSavedSourceEdits(goodbye('Au revoir.'), goodbye('Merci, au revoir.', 'Thank you, goodbye.'));
    expect(node(both, 'bye').prompt.en.sourceStamp).toBeUndefined();
    const same = goodbye('Au revoir.');
    expect(stampSavedSourceEdits(goodbye('Au  revoir. '), same)).toBe(same);
  });

  it('stamps a channel wording and a menu option label left as they were when their French changed', () => {
    const menu = (whatsapp: string, label: string) => {
      const f = sampleFlowInput();
      node(f, 'menu').prompt.fr.variants = { whatsapp: { text: whatsapp } };
      node(f, 'menu').prompt.en.variants = { whatsapp: { text: 'Choose PUK or agent.' } };
      node(f, 'menu').options[0].label.fr = label;
      return Flow.parse(f);
    };
    const saved = stampSavedSourceEdits(menu('Choisissez PUK ou conseiller.', 'Code PUK'), menu('Choisissez : code PUK ou conseiller.', 'Code PUK (carte bloquée)'));
    expect(staleTranslations(saved).map((s) => `${s.node} ${s.field}${s.variant ? ` ${s.variant}` : ''} ${s.locale}`)).toEqual([
      'menu prompt whatsapp en',
      'menu options.0.label en',
      'menu options.0.label fon',
    ]);
    // Nothing changed in French: the document is the same one.
    const same = menu('Choisissez PUK ou conseiller.', 'Code PUK');
    expect(stampSavedSourceEdits(menu('Choisissez PUK ou conseiller.', 'Code PUK'), same)).toBe(same);
  });
});
