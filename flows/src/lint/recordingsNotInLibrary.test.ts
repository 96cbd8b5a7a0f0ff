import { describe, expect, it } from 'vitest';
import { lintFlow } from './lintFlow.ts';
import { audioNamesOf } from '../versioning/audioNames.ts';
import { hasErrors, productionBlockers } from './types.ts';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';

const node = (f: FlowInput, id: string) => f.nodes.find((n) => n.id === id) as Record<string, any>;

function sample(change: (f: FlowInput) => void = () => {}): Flow {
  const input = sampleFlowInput();
  change(input);
  return Flow.parse(input);
}

describe('a recording the flow names but its library does not hold', () => {
  it('names the node, field, language and file, and keeps a language without a voice (Fon) from production, not from staging', () => {
    const flow = sample();
    const library = [...audioNamesOf(flow)].filter((n) => n !== 'fon/bye.wav');
    const issues = lintFlow(flow, { recordings: library });
    const found = issues.filter((i) => i.code === 'prompt.recordingNotFound');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', blocks: 'production', node: 'bye', field: 'prompt.fon', params: { file: 'fon/bye.wav', locale: 'fon', tts: 'no' } })]);
    expect(found[0]?.message).toMatch(/prompt\.fon of bye plays fon\/bye\.wav, which the flow's recordings do not hold: in Fon the caller would hear silence/);
    expect(hasErrors(issues)).toBe(false);
    expect(productionBlockers(issues)).toEqual(found);
  });

  it('is said in a language with a voice too (a named recording is played alone: the text is not read instead)', () => {
    const flow = sample((f) => {
      node(f, 'bye').prompt.fr = { text: 'Au revoir', audio: 'fr/bye.wav' };
      node(f, 'menu').prompt.en.variants = { whatsapp: { text: 'Reply 1', audio: 'en/menu-wa.wav' } };
    });
    const issues = lintFlow(flow, { recordings: [...audioNamesOf(flow)].filter((n) => !n.startsWith('fr/') && !n.startsWith('en/')) });
    const found = issues.filter((i) => i.code === 'prompt.recordingNotFound');
    expect(found.map((i) => [i.node, i.field, i.params?.file, i.params?.tts, i.blocks])).toEqual([
      ['menu', 'prompt.en.variants.whatsapp', 'en/menu-wa.wav', 'yes', 'production'],
      ['bye', 'prompt.fr', 'fr/bye.wav', 'yes', 'production'],
    ]);
    expect(found[1]?.message).toMatch(/in Français the caller would hear silence instead of the text/);
  });

  it('says nothing when every named file is in the library, nor when the library is not known', () => {
    const flow = sample();
    expect(lintFlow(flow, { recordings: [...audioNamesOf(flow)] }).filter((i) => i.code === 'prompt.recordingNotFound')).toEqual([]);
    expect(lintFlow(flow).filter((i) => i.code === 'prompt.recordingNotFound')).toEqual([]);
  });

  it('reports every missing file of an imported flow whose library is empty', () => {
    const flow = sample();
    const found = lintFlow(flow, { recordings: [] }).filter((i) => i.code === 'prompt.recordingNotFound');
    expect(found.map((i) => i.params?.file).sort()).toEqual([...audioNamesOf(flow)].sort());
  });
});
