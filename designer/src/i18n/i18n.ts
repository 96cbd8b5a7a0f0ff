import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import { fr, type Dictionary } from './fr.ts';
import { isolatingFormatter } from './isolate.ts';

export const UI_LANGUAGES = ['fr', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
const STORAGE_KEY = 'griot.uiLanguage';

function initialLanguage(): UiLanguage {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored === 'en' ? 'en' : 'fr';
}

/**
 * French comes with the page (the default, and the fallback); English, a hundred kilobytes of
 * words, is its own file, fetched only by a user who chose it.
 */
function dictionaryOf(language: UiLanguage): Promise<Dictionary> {
  return language === 'fr' ? Promise.resolve(fr) : import('./en.ts').then((m) => m.en);
}

/** Schema messages in the editor's language too (the flows zod schemas are shared with the server). */
function applyZodLocale(language: UiLanguage): void {
  z.config(language === 'fr' ? z.locales.fr() : z.locales.en());
}

/**
 * The designer speaks French by default (the content editors mostly work in French) and English.
 * Resolves once the user's language is loaded: the first page is drawn in it, never French first.
 */
export async function setupI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  applyZodLocale(lng);
  const resources: Partial<Record<UiLanguage, { translation: Dictionary }>> = { fr: { translation: fr } };
  if (lng !== 'fr') resources[lng] = { translation: await dictionaryOf(lng) };
  await i18next
    .use(initReactI18next)
    .use(isolatingFormatter)
    .init({
      resources,
      // English is added when chosen (setUiLanguage), not asked of a backend.
      partialBundledLanguages: true,
      lng,
      fallbackLng: 'fr',
      // %{name} placeholders, so that flow templates such as {{caller.number}} show as they are written.
      // alwaysFormat: each value goes through `isolatingFormatter`, a name shown as written (never reordering the sentence).
      interpolation: { escapeValue: false, prefix: '%{', suffix: '}', alwaysFormat: true },
      returnNull: false,
    });
  document.documentElement.lang = lng;
  return i18next;
}

/** Switches the designer's language, once its words are here (the page stays as it was if they cannot be fetched). */
export async function setUiLanguage(language: UiLanguage): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) i18next.addResourceBundle(language, 'translation', await dictionaryOf(language));
  localStorage.setItem(STORAGE_KEY, language);
  applyZodLocale(language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}
