import { describe, expect, it } from 'vitest';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { parseFlow } from '../lint/parseFlow.ts';
import { confirmedVersion, sourceStamp, stampBeforeSourceEdit, stampBeforeSourceVariantEdit, stampLabelsBeforeSourceEdit, stampState } from './sourceStamp.ts';
import { staleTranslations } from './staleTranslations.ts';

const node = (f: FlowInput, id: string) => f.nodes.find((n) => n.id === id) as Record<string, any>;
const staleWarnings = (f: FlowInput) =>
  lintFlow(Flow.parse(f))
    .filter((i) => i.code === 'translation.stale')
    .map((i) => `${i.severity} ${i.node} ${i.field} ${i.params?.what}`);

/** The sample flow's goodbye, translated and recorded from "Au revoir.", then the French rewritten. */
function rewrittenGoodbye(): FlowInput {
  const f = sampleFlowInput();
  const made = sourceStamp('Au revoir.');
  node(f, 'bye').prompt = {
    fr: { text: 'Merci de votre appel, au revoir.', audio: 'fr/bye.wav', audioSourceStamp: made },
    en: { text: 'Goodbye.', sourceStamp: made },
    fon: { audio: 'fon/bye.wav', audioSourceStamp: made },
  };
  return f;
}

describe('stale translations', () => {
  it('a stamp is short, names its scheme, and ignores re-spacing but not a changed word', () => {
    expect(sourceStamp('Au revoir.')).toMatch(/^s1:[0-9a-f]{12}$/);
    expect(sourceStamp('  Au   revoir. ')).toBe(sourceStamp('Au revoir.'));
    expect(sourceStamp('Au revoir !')).not.toBe(sourceStamp('Au revoir.'));
    expect(stampState(sourceStamp('Au revoir.'), 'Au revoir.')).toBe('current');
    expect(stampState(sourceStamp('Au revoir.'), 'Bonsoir.')).toBe('stale');
    expect(stampState(undefined, 'Bonsoir.')).toBe('unknown');
    // A stamp of a scheme this Griot does not know is not evidence of anything.
    expect(stampState('s9:0123456789ab', 'Bonsoir.')).toBe('unknown');
  });

  it('after the French text changes, the English text and every recording made from the old one are stale; lint warns once per prompt and language', () => {
    const f = rewrittenGoodbye();
    expect(staleTranslations(Flow.parse(f))).toEqual([
      { node: 'bye', field: 'prompt', locale: 'fr', text: false, audio: true, stamps: [sourceStamp('Au revoir.')] },
      { node: 'bye', field: 'prompt', locale: 'en', text: true, audio: false, stamps: [sourceStamp('Au revoir.')] },
      { node: 'bye', field: 'prompt', locale: 'fon', text: false, audio: true, stamps: [sourceStamp('Au revoir.')] },
    ]);
    expect(staleWarnings(f)).toEqual(['warning bye prompt.fr audio', 'warning bye prompt.en text', 'warning bye prompt.fon audio']);
    // A warning, not an error: the flow can still be published.
    expect(lintFlow(Flow.parse(f)).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('confirming a translation (or re-translating from the new text) clears it', () => {
    const f = rewrittenGoodbye();
    const bye = node(f, 'bye');
    bye.prompt.en = confirmedVersion(bye.prompt.en, bye.prompt.fr.text, false);
    bye.prompt.fon = confirmedVersion(bye.prompt.fon, bye.prompt.fr.text, false);
    expect(staleWarnings(f)).toEqual(['warning bye prompt.fr audio']);
    bye.prompt.fr = confirmedVersion(bye.prompt.fr, bye.prompt.fr.text, true);
    expect(staleWarnings(f)).toEqual([]);
    // The first language's text is never stamped against itself.
    expect(bye.prompt.fr.sourceStamp).toBeUndefined();
  });

  it('a document written before stamps loads with nothing stale, and its first French edit stamps what stood beside the old text', () => {
    const f = sampleFlowInput();
    expect(parseFlow(f).ok).toBe(true);
    expect(staleWarnings(f)).toEqual([]);
    const bye = node(f, 'bye');
    bye.prompt = stampBeforeSourceEdit(bye.prompt, 'fr', bye.prompt.fr.text);
    bye.prompt.fr.text = 'Merci, au revoir.';
    expect(staleWarnings(f)).toEqual(['warning bye prompt.en text', 'warning bye prompt.fon audio']);
    // A second keystroke does not re-stamp with the half-typed text.
    const again = stampBeforeSourceEdit(bye.prompt, 'fr', 'Merci, au revoir');
    expect(again).toBe(bye.prompt);
  });

  it('refuses a malformed stamp with a clear message instead of reading it', () => {
    const f = sampleFlowInput();
    node(f, 'bye').prompt.en = { text: 'Goodbye.', sourceStamp: 'not a stamp' };
    const parsed = parseFlow(f);
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).toContain('source stamp');
  });

  it('a channel wording translated from an older French wording, or from an older text where French has none, is « à revoir »', () => {
    const f = sampleFlowInput();
    node(f, 'menu').prompt = {
      fr: { text: 'Tapez 1 pour le PUK.', variants: { whatsapp: { text: 'Choisissez : PUK ou conseiller.' } } },
      en: {
        text: 'Press 1 for PUK.',
        sourceStamp: sourceStamp('Tapez 1 pour le PUK.'),
        variants: {
          whatsapp: { text: 'Choose: PUK or agent.', sourceStamp: sourceStamp('Choisissez : PUK, solde ou conseiller.') },
          sms: { text: 'PUK: 1', sourceStamp: sourceStamp('Tapez 1 pour le PUK.') },
        },
      },
    };
    expect(staleWarnings(f)).toEqual(['warning menu prompt.en.variants.whatsapp text']);
    // The French text changes: the SMS wording (translated from it, French has no SMS wording) goes to review too.
    node(f, 'menu').prompt.fr.text = 'Tapez 1 pour votre code PUK.';
    expect(staleWarnings(f)).toEqual(expect.arrayContaining(['warning menu prompt.en text', 'warning menu prompt.en.variants.whatsapp text', 'warning menu prompt.en.variants.sms text']));
    expect(staleTranslations(Flow.parse(f)).find((s) => s.variant === 'sms')).toMatchObject({ locale: 'en', text: true, audio: false, stamps: [sourceStamp('Tapez 1 pour le PUK.')] });
  });

  it('a menu option label translated from an older French label is « à revoir »', () => {
    const f = sampleFlowInput();
    const options = node(f, 'menu').options;
    options[0].labelSourceStamps = { en: sourceStamp('Code PUK') };
    expect(staleWarnings(f)).toEqual([]);
    options[0].label.fr = 'Code PUK (carte bloquée)';
    expect(staleWarnings(f)).toEqual(['warning menu options.0.label.en text']);
  });

  it('stamps unstamped wordings and labels with the French they stood beside, before it changes', () => {
    const prompt = { fr: { text: 'Bonjour.', variants: { sms: { text: 'Bjr' } } }, en: { text: 'Hello.', variants: { sms: { text: 'Hi' }, whatsapp: { text: 'Hello!' } } } };
    const edited = stampBeforeSourceVariantEdit(prompt, 'fr', 'sms', 'Bjr');
    expect(edited.en?.variants?.sms?.sourceStamp).toBe(sourceStamp('Bjr'));
    expect(edited.en?.variants?.whatsapp?.sourceStamp).toBeUndefined();
    // The text changes: WhatsApp's English wording (no French one) was made from it; SMS has its own French.
    const main = stampBeforeSourceEdit(prompt, 'fr', 'Bonjour.');
    expect(main.en?.variants?.whatsapp?.sourceStamp).toBe(sourceStamp('Bonjour.'));
    expect(main.en?.variants?.sms?.sourceStamp).toBeUndefined();
    expect(stampLabelsBeforeSourceEdit({ fr: 'Code PUK', en: 'PUK code', fon: '' }, undefined, 'fr', 'Code PUK')).toEqual({ en: sourceStamp('Code PUK') });
  });
});
