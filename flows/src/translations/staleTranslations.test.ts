import { describe, expect, it } from 'vitest';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { parseFlow } from '../lint/parseFlow.ts';
import { confirmedVersion, sourceStamp, stampBeforeSourceEdit, stampState } from './sourceStamp.ts';
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
});
