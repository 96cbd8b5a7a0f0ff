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
});
