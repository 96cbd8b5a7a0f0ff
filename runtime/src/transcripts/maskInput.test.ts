import { describe, expect, it } from 'vitest';
import type { Effect, Flow } from '@griot/flows';
import { selfCareFlow } from '../conversations/testSupport.ts';
import { maskInput } from './maskInput.ts';
import { promptsForTranscript } from './transcriptTurn.ts';

const flow = selfCareFlow();

describe('maskInput', () => {
  it('masks what the caller types or says at a node that writes a sensitive variable', () => {
    expect(maskInput(flow, 'askCode', { type: 'digits', digits: '1234#' })).toEqual({ type: 'digits', digits: '•••' });
    expect(maskInput(flow, 'askCode', { type: 'speech', text: 'un deux trois', confidence: 0.8 })).toEqual({ type: 'speech', text: '•••', confidence: 0.8 });
    expect(maskInput(flow, 'askCode', { type: 'text', text: '1234' })).toEqual({ type: 'text', text: '•••' });
  });

  it('keeps menu answers, which are not secret', () => {
    expect(maskInput(flow, 'menu', { type: 'digits', digits: '2' })).toEqual({ type: 'digits', digits: '2' });
    expect(maskInput(flow, undefined, { type: 'start' })).toEqual({ type: 'start' });
  });

  it('keeps what the caller writes to an agent as the agents’ inbox keeps it once closed: codes and the session’s sensitive values masked', () => {
    const session = { vars: { puk: '4 250 FCFA' } } as unknown as Parameters<typeof maskInput>[3];
    expect(maskInput(flow, 'handoff', { type: 'text', text: 'mon compte 0097 1234 5601, solde 4 250 FCFA' }, session)).toEqual({ type: 'text', text: 'mon compte •••, solde •••' });
    expect(maskInput(flow, 'handoff', { type: 'text', text: 'Merci, au revoir' })).toEqual({ type: 'text', text: 'Merci, au revoir' });
    // A code written in words, as the agents' inbox masks it.
    expect(maskInput(flow, 'handoff', { type: 'text', text: 'mon PUK : huit sept six cinq quatre trois deux un' })).toEqual({ type: 'text', text: 'mon PUK : •••' });
    // A balance said in words, as the agents' inbox masks it; a thank-you in round figures stays.
    expect(maskInput(flow, 'handoff', { type: 'text', text: 'il me reste deux millions cinq cent mille francs' })).toEqual({ type: 'text', text: 'il me reste ••• francs' });
    expect(maskInput(flow, 'handoff', { type: 'text', text: 'un million de fois merci' })).toEqual({ type: 'text', text: 'un million de fois merci' });
    // Keys pressed at a menu stay; what the caller writes or says there loses its codes too (below).
    expect(maskInput(flow, 'menu', { type: 'digits', digits: '2' })).toEqual({ type: 'digits', digits: '2' });
  });

  it('masks a code the caller says or writes to the bot, in words of any language Griot speaks, and keeps the rest', () => {
    // Said at the menu (speech recognition gives words), written on a messaging channel.
    expect(maskInput(flow, 'menu', { type: 'speech', text: 'mon code PUK c’est huit sept six cinq quatre trois deux un', confidence: 0.9 })).toEqual({
      type: 'speech',
      text: 'mon code PUK c’est •••',
      confidence: 0.9,
    });
    expect(maskInput(flow, 'menu', { type: 'text', text: 'my PUK is eight seven six five four three two one' })).toEqual({ type: 'text', text: 'my PUK is •••' });
    expect(maskInput(flow, 'menu', { type: 'text', text: 'PUK mi ni èjì ẹ̀ta ẹ̀rin ọ̀kan èjì èje ẹ̀sán ẹ̀jọ' })).toEqual({ type: 'text', text: 'PUK mi ni •••' });
    expect(maskInput(flow, 'menu', { type: 'text', text: 'mon compte 00971234' })).toEqual({ type: 'text', text: 'mon compte •••' });
    expect(maskInput(flow, 'menu', { type: 'speech', text: 'le code PUK s’il vous plaît', confidence: 0.9 })).toEqual({ type: 'speech', text: 'le code PUK s’il vous plaît', confidence: 0.9 });
    // A PIN the session holds, said in words to an agent: too short for a code, masked as the value it is.
    const session = { vars: { puk: '4827' } } as unknown as Parameters<typeof maskInput>[3];
    expect(maskInput(flow, 'handoff', { type: 'text', text: 'mon code : quatre huit deux sept' }, session)).toEqual({ type: 'text', text: 'mon code : •••' });
  });

  it('keeps what the caller types or says at an input node whose variable is not sensitive (a callback number): only the session’s sensitive values are masked', () => {
    const withCallback = structuredClone(flow);
    withCallback.variables.push({ name: 'callback', type: 'string', sensitive: false, persist: false });
    withCallback.nodes.push({ ...(flow.nodes.find((n) => n.id === 'askCode') as Extract<Flow['nodes'][number], { type: 'input' }>), id: 'askCallback', kind: 'text', variable: 'callback' });
    expect(maskInput(withCallback, 'askCallback', { type: 'text', text: 'rappelez-moi au 01 97 00 00 42' })).toEqual({ type: 'text', text: 'rappelez-moi au 01 97 00 00 42' });
    expect(maskInput(withCallback, 'askCallback', { type: 'speech', text: 'commande huit sept six cinq quatre trois', confidence: 0.9 })).toEqual({
      type: 'speech',
      text: 'commande huit sept six cinq quatre trois',
      confidence: 0.9,
    });
    // The PUK the session holds, in digits or in words, is masked there too.
    const session = { vars: { puk: '80417263', pin: '4827' } } as unknown as Parameters<typeof maskInput>[3];
    expect(maskInput(withCallback, 'askCallback', { type: 'text', text: 'le 0197000042, pas 8041 7263' }, session)).toEqual({ type: 'text', text: 'le 0197000042, pas •••' });
    expect(maskInput(withCallback, 'askCallback', { type: 'text', text: 'mon code quatre huit deux sept' }, session)).toEqual({ type: 'text', text: 'mon code •••' });
    // The same words at the menu, whose answer the flow does not keep, lose their codes.
    expect(maskInput(withCallback, 'menu', { type: 'text', text: 'rappelez-moi au 01 97 00 00 42' })).toEqual({ type: 'text', text: 'rappelez-moi au •••' });
    // And at an input node writing a sensitive variable, everything.
    expect(maskInput(withCallback, 'askCode', { type: 'text', text: 'rappelez-moi au 01 97 00 00 42' })).toEqual({ type: 'text', text: '•••' });
  });

  it('keeps only the outcome and status of a look-up, never its body', () => {
    expect(maskInput(flow, 'lookup', { type: 'webhook', outcome: 'response', status: 200, body: { puk: '80417263' } })).toEqual({ type: 'webhook', outcome: 'response', status: 200 });
  });
});

describe('promptsForTranscript', () => {
  it('uses the masked rendering of prompts', () => {
    const effects: Effect[] = [
      { type: 'say', node: 'readPuk', locale: 'fr', text: 'Votre code PUK est 80417263.', redacted: 'Votre code PUK est •••.' },
      { type: 'say', node: 'bye', locale: 'fr', text: 'Au revoir.' },
      { type: 'say', node: 'fon', locale: 'fon', audio: 'fon/bye.wav' },
      { type: 'end', reason: 'served' },
    ];
    expect(promptsForTranscript(effects)).toEqual(['Votre code PUK est •••.', 'Au revoir.', '[audio: fon/bye.wav]']);
  });
});
