import { describe, expect, it } from 'vitest';
import { audioName } from './audioName.ts';

/** A translator recognises an uploaded take among the flow's recordings: the flow's folder and name scheme are kept. */
describe('the name of an uploaded recording', () => {
  const others = ['fon/welcome.wav', 'fon/menu-main.wav', 'hold-music.mp3'];

  it('replacing the Fon welcome keeps fon/welcome, not welcome-prompt-fon', () => {
    expect(audioName('welcome', 'prompt', 'fon', 'prise 3.wav', { current: 'fon/welcome.wav', others })).toBe('fon/welcome.wav');
    // A take already renumbered by the server goes back to the prompt's own name (numbered again if still in use).
    expect(audioName('welcome', 'prompt', 'fon', 'take.wav', { current: 'fon/welcome-2.wav', others })).toBe('fon/welcome.wav');
  });

  it('a first Fon recording goes in the fon/ folder the flow uses, named after its node', () => {
    expect(audioName('balance', 'prompt', 'fon', 'Solde.WAV', { others })).toBe('fon/balance.wav');
    expect(audioName('mainMenu', 'noMatchPrompt', 'fon', 'take.wav', { others })).toBe('fon/mainMenu-noMatchPrompt.wav');
  });

  it('a flow without locale folders keeps the node-field-locale scheme', () => {
    expect(audioName('menu', 'prompt', 'fon', 'x.mp3', { others: ['hold-music.mp3'] })).toBe('menu-prompt-fon.mp3');
    expect(audioName('menu', 'prompt', 'fon', 'x.mp3')).toBe('menu-prompt-fon.mp3');
  });
});
