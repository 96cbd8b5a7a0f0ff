import type { Locale } from '@griot/flows';
import type { Apply } from '../documentStore.ts';

/** The flow's languages and what the voice platform can do in each. */
export const localeActions = (apply: Apply) => ({
  addLocale(locale: Locale) {
    apply('addLocale', (doc) => (doc.locales.some((l) => l.code === locale.code) ? doc : { ...doc, locales: [...doc.locales, locale] }));
  },
  updateLocale(code: string, patch: Partial<Locale>) {
    apply('editLocale', (doc) => ({ ...doc, locales: doc.locales.map((l) => (l.code === code ? { ...l, ...patch } : l)) }), {
      coalesce: `locale:${code}:${Object.keys(patch).join(',')}`,
    });
  },
  /** Removes the language; its prompts stay in the nodes until edited (lint reports them). */
  removeLocale(code: string) {
    apply('removeLocale', (doc) => (doc.locales.length <= 1 ? doc : { ...doc, locales: doc.locales.filter((l) => l.code !== code) }));
  },
  /** The first locale is the flow's default. */
  makeDefaultLocale(code: string) {
    apply('defaultLocale', (doc) => {
      const locale = doc.locales.find((l) => l.code === code);
      return locale ? { ...doc, locales: [locale, ...doc.locales.filter((l) => l !== locale)] } : doc;
    });
  },
});
