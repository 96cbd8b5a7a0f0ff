import i18next, { type TFunction } from 'i18next';
import { fr } from './fr.ts';
import { en } from './en.ts';

/** The designer's dictionaries in a separate i18next instance, for unit tests (no React). */
export async function testT(language: 'fr' | 'en' = 'fr'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: language,
    interpolation: { escapeValue: false, prefix: '%{', suffix: '}' },
  });
  return instance.t;
}
