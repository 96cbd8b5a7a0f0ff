import { KNOWN_LOCALES } from '../languages/knownLocales.ts';

/**
 * A subscriber's language as the agent reads it: its name in the agent's language when the browser
 * has one (`en` → « anglais »), else the name the operators' local languages go by (`fon` →
 * « Fɔngbè », `bci` → « Baoulé »: browsers name few of them), else its code.
 */
export function languageName(code: string, uiLanguage: string): string {
  let named: string | undefined;
  try {
    named = new Intl.DisplayNames([uiLanguage], { type: 'language', fallback: 'none' }).of(code);
  } catch {
    named = undefined;
  }
  // Some engines answer the code itself (« fon ») for a language they cannot name.
  if (named && named.toLowerCase() !== code.toLowerCase()) return named;
  return KNOWN_LOCALES.find((l) => l.code === code.toLowerCase())?.name ?? code;
}
