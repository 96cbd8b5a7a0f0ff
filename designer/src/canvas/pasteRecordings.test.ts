import { describe, expect, it } from 'vitest';
import type { FlowNode } from '@griot/flows';
import { copyRecordings, freeAudioName, type RecordingCopier } from './pasteRecordings.ts';

const welcome = {
  id: 'welcome',
  type: 'message',
  prompt: { fr: { text: 'Bienvenue' }, fon: { audio: 'fon/welcome.wav', variants: { buttons: { audio: 'fon/welcome-buttons.wav' } } } },
} as unknown as FlowNode;

/** Two flows' libraries in memory. */
function libraries(held: Record<string, Record<string, string>>, broken: string[] = []): RecordingCopier & { held: typeof held } {
  return {
    held,
    list: async (flowId) => Object.keys(held[flowId] ?? {}),
    read: async (flowId, name) => {
      if (broken.includes(name)) throw new Error('HTTP 404');
      return new Blob([held[flowId]![name]!]);
    },
    store: async (flowId, name, file) => {
      held[flowId] = { ...held[flowId], [name]: await file.text() };
      return name;
    },
  };
}

describe('recordings of nodes pasted from another flow', () => {
  it('copies each into this flow, under a free name, never over one of its own, and points the nodes at the copies', async () => {
    const copier = libraries({ hello: { 'fon/welcome.wav': 'hello-take', 'fon/welcome-buttons.wav': 'hello-buttons' }, other: { 'fon/welcome.wav': 'other-own-take' } });
    const { nodes, failed } = await copyRecordings('hello', 'other', [welcome], [], copier);
    expect(failed).toEqual([]);
    const prompt = (nodes[0] as unknown as { prompt: { fon: { audio: string; variants: { buttons: { audio: string } } } } }).prompt;
    expect(prompt.fon.audio).toBe('fon/welcome-2.wav');
    expect(prompt.fon.variants.buttons.audio).toBe('fon/welcome-buttons.wav');
    expect(copier.held.other).toEqual({ 'fon/welcome.wav': 'other-own-take', 'fon/welcome-2.wav': 'hello-take', 'fon/welcome-buttons.wav': 'hello-buttons' });
  });

  it('pastes the same recordings twice as one copy, and points at a take this flow already holds', async () => {
    const copier = libraries({
      hello: { 'fon/welcome.wav': 'hello-take', 'fon/welcome-buttons.wav': 'hello-buttons' },
      other: { 'fon/welcome.wav': 'other-own-take', 'fon/welcome-buttons.wav': 'hello-buttons' },
    });
    const first = await copyRecordings('hello', 'other', [welcome], [], copier);
    const second = await copyRecordings('hello', 'other', [welcome], [], copier);
    expect(second.nodes).toEqual(first.nodes);
    const prompt = (second.nodes[0] as unknown as { prompt: { fon: { audio: string; variants: { buttons: { audio: string } } } } }).prompt;
    expect(prompt.fon.audio).toBe('fon/welcome-2.wav');
    expect(prompt.fon.variants.buttons.audio).toBe('fon/welcome-buttons.wav');
    // One copy of the Fon welcome, none of the take the flow already held, and its own take untouched.
    expect(copier.held.other).toEqual({ 'fon/welcome.wav': 'other-own-take', 'fon/welcome-2.wav': 'hello-take', 'fon/welcome-buttons.wav': 'hello-buttons' });
  });

  it('fetches nothing a crafted clipboard names outside a flow’s recordings (../../api/users, a flow id with a slash)', async () => {
    const fetched: string[] = [];
    const copier = libraries({ hello: { 'fon/welcome.wav': 'take' }, other: {} });
    const spying: RecordingCopier = {
      ...copier,
      read: (flowId, name) => {
        fetched.push(`${flowId}:${name}`);
        return copier.read(flowId, name);
      },
    };
    const crafted = { ...welcome, prompt: { fon: { audio: '../../api/users' }, fr: { audio: 'fon/../../x.wav' } } } as unknown as FlowNode;
    const { failed } = await copyRecordings('hello', 'other', [crafted], [], spying);
    expect(failed.sort()).toEqual(['../../api/users', 'fon/../../x.wav']);
    const fromElsewhere = await copyRecordings('../api', 'other', [welcome], [], spying);
    expect(fromElsewhere.failed.sort()).toEqual(['fon/welcome-buttons.wav', 'fon/welcome.wav']);
    expect(fetched).toEqual([]);
    expect(copier.held.other).toEqual({});
  });

  it('copies nothing within the same flow, and names what could not be copied', async () => {
    const copier = libraries({ hello: { 'fon/welcome.wav': 'take' }, other: {} }, ['fon/welcome-buttons.wav']);
    expect((await copyRecordings('hello', 'hello', [welcome], [], copier)).nodes).toEqual([welcome]);
    const { failed } = await copyRecordings('hello', 'other', [welcome], [], copier);
    expect(failed).toEqual(['fon/welcome-buttons.wav']);
    expect(Object.keys(copier.held.other!)).toEqual(['fon/welcome.wav']);
  });

  it('finds a free name beside numbered ones and the names the draft already uses', () => {
    expect(freeAudioName('fon/a.wav', new Set())).toBe('fon/a.wav');
    expect(freeAudioName('fon/a.wav', new Set(['fon/a.wav', 'fon/a-2.wav']))).toBe('fon/a-3.wav');
    expect(freeAudioName('fon/a-2.wav', new Set(['fon/a-2.wav']))).toBe('fon/a-3.wav');
  });
});
