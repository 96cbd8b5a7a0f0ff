import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../../lint/parseFlow.ts';
import { lintFlow } from '../../lint/lintFlow.ts';
import type { Flow } from '../../schema/flow.ts';
import { AGENT_GOODBYE_DEFAULTS, agentGoodbyeText } from './agentGoodbye.ts';

const parsed = parseFlow(JSON.parse(readFileSync(new URL('../../../examples/1919-selfcare.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error('1919 flow does not parse');
const demo = parsed.flow;
const withGoodbye = (flow: Flow, agentGoodbye: Record<string, string> | undefined): Flow => ({ ...flow, settings: { ...flow.settings, agentGoodbye } });
const goodbyeIssues = (flow: Flow) => lintFlow(flow).filter((i) => i.code === 'settings.agentGoodbyeMissingLocale');

describe('the goodbye after an agent closes a messaging conversation', () => {
  it('is the flow’s own text in the subscriber’s language, Fon included', () => {
    const flow = withGoodbye(demo, { fon: 'Akpé ɖé mi ylɔ́ mǐ.', fr: 'Merci, à bientôt !' });
    expect(agentGoodbyeText(flow, 'fon')).toBe('Akpé ɖé mi ylɔ́ mǐ.');
    expect(agentGoodbyeText(flow, 'fr')).toBe('Merci, à bientôt !');
    // Not written in English: Griot's English words.
    expect(agentGoodbyeText(flow, 'en')).toBe(AGENT_GOODBYE_DEFAULTS.en);
  });

  it('falls back to the flow’s default language, not to English', () => {
    // The demo's first language is French; nothing written in Fon or Yoruba.
    expect(agentGoodbyeText(demo, 'fon')).toBe(AGENT_GOODBYE_DEFAULTS.fr);
    const fonFirstWithoutFon = { ...withGoodbye(demo, { fr: 'Merci !' }), locales: [demo.locales[2]!, demo.locales[0]!, demo.locales[1]!] };
    // A Fon-first flow with no Fon text: its default language has none either, so French rather than English.
    expect(agentGoodbyeText(fonFirstWithoutFon, 'yo')).toBe(AGENT_GOODBYE_DEFAULTS.fr);
    const fonFirst = { ...withGoodbye(demo, { fon: 'Akpé !' }), locales: [demo.locales[2]!, demo.locales[1]!] };
    expect(agentGoodbyeText(fonFirst, 'yo')).toBe('Akpé !');
  });

  it('is flagged in each language of a flow with agents that has none (a warning, as for other texts)', () => {
    expect(goodbyeIssues(demo)).toEqual([expect.objectContaining({ severity: 'warning', field: 'settings.agentGoodbye.fon' })]);
    expect(goodbyeIssues(withGoodbye(demo, { fon: 'Akpé !' }))).toEqual([]);
    // A blank text is no text.
    expect(goodbyeIssues(withGoodbye(demo, { fon: '  ' }))).toHaveLength(1);
  });
});
