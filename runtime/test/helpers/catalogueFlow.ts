import type { FlowInput } from '@griot/flows';
import { fonWelcomeFlow } from '../fixtures/fonWelcomeFlow.ts';
import { ADMIN_TOKEN } from './testServer.ts';

/** `fon/prompt-0.wav` … `fon/prompt-<count − 1>.wav`: the recordings a catalogue plays. */
export const promptNames = (count: number): string[] => Array.from({ length: count }, (_, i) => `fon/prompt-${i}.wav`);

/**
 * A Fon line playing each of `names` in turn, then ending: a flow whose « Dupliquer » carries many
 * recordings (test/flowDuplicate*.e2e.test.ts).
 */
export function catalogueFlow(id: string, names: readonly string[], name = 'Catalogue'): FlowInput {
  return {
    ...fonWelcomeFlow(id, names[0]!),
    name,
    nodes: [
      { id: 'start', type: 'start' },
      ...names.map((audio, i) => ({ id: `m${i}`, type: 'message' as const, prompt: { fon: { audio }, fr: { text: `Message ${i}.` } } })),
      { id: 'bye', type: 'end', reason: 'done' },
    ],
    edges: [
      { id: 'e0', source: 'start', output: 'next', target: 'm0' },
      ...names.map((_, i) => ({ id: `e${i + 1}`, source: `m${i}`, output: 'next', target: i + 1 < names.length ? `m${i + 1}` : 'bye' })),
    ],
  };
}

/** Uploads a take as the designer does (its bytes as the body), as the admin; the answer's status. */
export async function uploadTake(url: string, flowId: string, name: string, bytes: Buffer): Promise<number> {
  const query = `name=${encodeURIComponent(name)}&locale=${name.split('/')[0]!}`;
  const response = await fetch(`${url}/api/flows/${flowId}/audio?${query}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' }, body: bytes });
  return response.status;
}
