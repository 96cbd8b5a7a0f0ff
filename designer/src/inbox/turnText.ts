import type { TFunction } from 'i18next';
import { languageName } from './languageName.ts';

const AUDIO = /^\[audio: ([^\]]+)\]$/;

/**
 * A line of the bot's conversation as an agent reads it: a recorded prompt the transcript keeps
 * as `[audio: fon/language.wav]` reads « ▶ message vocal (Fɔngbè) » (the folder names its
 * language), never the file's path; any other line as it is.
 */
export function turnText(t: TFunction, text: string, uiLanguage = 'fr'): string {
  const audio = AUDIO.exec(text);
  if (!audio) return text;
  const folder = (audio[1] ?? '').split('/');
  const language = folder.length > 1 && /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(folder[0] ?? '') ? (folder[0] as string) : null;
  return language ? t('inbox.voiceMessage', { language: languageName(language, uiLanguage) }) : t('inbox.voiceMessagePlain');
}
