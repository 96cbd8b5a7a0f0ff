import type { Locale } from '@griot/flows';

/**
 * Languages of the operators' countries, as an editor picks them when creating a flow or
 * adding a locale. Local languages have no text-to-speech voice: their prompts are recordings.
 */
export const KNOWN_LOCALES: Locale[] = [
  { code: 'fr', name: 'Français', tts: { vendor: 'google', language: 'fr-FR' }, asr: { vendor: 'google', language: 'fr-FR' } },
  { code: 'en', name: 'English', tts: { vendor: 'google', language: 'en-GB' }, asr: { vendor: 'google', language: 'en-GB' } },
  { code: 'fon', name: 'Fɔngbè', tts: null, asr: null },
  { code: 'yo', name: 'Yorùbá', tts: null, asr: null },
  { code: 'bba', name: 'Baatɔnum (Bariba)', tts: null, asr: null },
  { code: 'dyu', name: 'Dioula', tts: null, asr: null },
  { code: 'bci', name: 'Baoulé', tts: null, asr: null },
  { code: 'ln', name: 'Lingala', tts: null, asr: null },
  { code: 'ktu', name: 'Kituba', tts: null, asr: null },
  { code: 'wes', name: 'Pidgin (Cameroun)', tts: null, asr: null },
];

export function knownLocale(code: string): Locale {
  return KNOWN_LOCALES.find((l) => l.code === code) ?? { code, name: code, tts: null, asr: null };
}
