import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import { fr } from './fr.ts';
import { en } from './en.ts';

export const UI_LANGUAGES = ['fr', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
const STORAGE_KEY = 'griot.uiLanguage';

function initialLanguage(): UiLanguage {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored === 'en' ? 'en' : 'fr';
}

/** Schema messages in the editor's language too (the flows zod schemas are shared with the server). */
function applyZodLocale(language: UiLanguage): void {
  z.config(language === 'fr' ? z.locales.fr() : z.locales.en());
}

/** The designer speaks French by default (the content editors mostly work in French) and English. */
export function setupI18n(): typeof i18next {
  const lng = initialLanguage();
  applyZodLocale(lng);
  void i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng,
    fallbackLng: 'fr',
    // %{name} placeholders, so that flow templates such as {{caller.number}} show as they are written.
    interpolation: { escapeValue: false, prefix: '%{', suffix: '}' },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export function setUiLanguage(language: UiLanguage): void {
  localStorage.setItem(STORAGE_KEY, language);
  applyZodLocale(language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}
