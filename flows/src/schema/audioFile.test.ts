import { describe, expect, it } from 'vitest';
import { cleanAccountName } from '../names/directionControls.ts';
import { LocalizedPrompt, PromptVariant } from './common.ts';

/**
 * `audioFile`, the name of the file an editor uploaded a recording from, is read by other editors (the translations
 * table, the play button, the canvas): the designer cleans it, and a flow written straight through the API is held to
 * the same rule by the schema.
 */
describe('a prompt’s audioFile', () => {
  const prompt = (audioFile: string) => ({ audio: 'fon/welcome-2.wav', audioFile });

  it('is refused with a direction control or a control character, in a locale’s prompt and in a variant', () => {
    for (const hostile of ['accueil-\u202Evaw.exe', 'accueil\u2067.wav', 'accueil\n<img src=x>.wav', 'accueil\u0000.wav', '\u001b[31maccueil.wav']) {
      expect(LocalizedPrompt.safeParse(prompt(hostile)).success, JSON.stringify(hostile)).toBe(false);
      expect(PromptVariant.safeParse(prompt(hostile)).success, JSON.stringify(hostile)).toBe(false);
    }
    expect(LocalizedPrompt.safeParse(prompt('x'.repeat(10_000))).success).toBe(false);
  });

  it('keeps a name as people write it, in any script, joiners included', () => {
    for (const name of ['accueil-fon-studio.wav', 'خدمة العملاء.wav', 'می\u200Cخواهم.wav', '<b>accueil</b>.wav', '𝒜ccueil.wav']) {
      expect(LocalizedPrompt.parse(prompt(name)).audioFile).toBe(name);
    }
  });

  it('accepts what the designer keeps of a file’s name, cleaned as an account name', () => {
    for (const file of [`${'😀'.repeat(250)}.wav`, `voix\u202E\n${'é'.repeat(300)}.wav`, 'accueil-fon-studio.wav']) {
      expect(LocalizedPrompt.safeParse(prompt(cleanAccountName(file, 200)!)).success, file.slice(0, 12)).toBe(true);
    }
  });
});
