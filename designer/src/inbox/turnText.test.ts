import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import { turnText } from './turnText.ts';

describe("the bot's lines in the agent's context", () => {
  it('read a recorded prompt as a voice message in its language, never as its file', async () => {
    const t = await testT('fr');
    expect(turnText(t, '[audio: fon/language.wav]')).toBe('▶ message vocal (Fɔngbè)');
    expect(turnText(t, '[audio: en/welcome.wav]')).toBe('▶ message vocal (anglais)');
    expect(turnText(t, '[audio: jingle.wav]')).toBe('▶ message vocal');
    expect(turnText(t, 'Choisissez votre langue.')).toBe('Choisissez votre langue.');
  });
});
