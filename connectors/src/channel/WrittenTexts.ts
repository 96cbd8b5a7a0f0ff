import { writtenLocaleFor, type SystemTexts } from '@griot/flows';

type Locales = readonly { code: string }[];

/**
 * A channel's own words (system texts) in the language a subscriber reads: theirs when Griot has
 * written words in it, else the flow's default written language — a Fon speaker (Fon has only
 * recordings) reads "Choisissez une option" on the 1919 line, as the rest of the written service,
 * never English. Remembers, per binding address (bot, Page, short code…), the locales of the flow
 * its last turn played, for what is written outside a turn (an unreadable message, a technical
 * problem, the turn after an agent hands back).
 */
export class WrittenTexts {
  private readonly flowLocales = new Map<string, Locales>();

  constructor(private readonly texts: (locale: string | undefined) => SystemTexts) {}

  /** The locales of the flow a turn at `address` played (absent: what was learnt before). */
  learn(address: string, locales: Locales | undefined): Locales {
    if (locales) this.flowLocales.set(address, locales);
    return this.flowLocales.get(address) ?? [];
  }

  /** The system texts for a subscriber of `locale` at `address` (or under the given flow locales). */
  for(address: string, locale: string | undefined, locales: Locales | undefined = this.flowLocales.get(address)): SystemTexts {
    return this.texts(locale === undefined ? undefined : writtenLocaleFor(locale, locales ?? []));
  }
}
