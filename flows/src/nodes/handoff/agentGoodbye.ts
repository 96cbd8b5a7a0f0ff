import type { Flow } from '../../schema/flow.ts';

/**
 * What a messaging conversation an agent closed ends with, when the flow says nothing after the
 * agent (no survey): the flow's own text in each language (`settings.agentGoodbye`), else Griot's
 * words in the languages it ships.
 */
export const AGENT_GOODBYE_DEFAULTS: Readonly<Record<string, string>> = {
  fr: 'Merci de nous avoir contactés. Cette conversation est terminée ; écrivez-nous à nouveau si besoin.',
  en: 'Thank you for contacting us. This conversation is over; write to us again whenever you need.',
};

/** The goodbye the flow has for `locale`, else Griot's default there (undefined: none). */
function goodbyeIn(flow: Pick<Flow, 'settings'>, locale: string): string | undefined {
  return flow.settings.agentGoodbye?.[locale]?.trim() || AGENT_GOODBYE_DEFAULTS[locale];
}

/**
 * The goodbye for a subscriber speaking `locale`: in their language, else in the flow's default
 * language (its first), never in a third one; French when even that has none.
 */
export function agentGoodbyeText(flow: Pick<Flow, 'settings' | 'locales'>, locale: string): string {
  const defaultLocale = flow.locales[0]?.code ?? 'fr';
  return goodbyeIn(flow, locale) ?? goodbyeIn(flow, defaultLocale) ?? AGENT_GOODBYE_DEFAULTS[defaultLocale] ?? (AGENT_GOODBYE_DEFAULTS.fr as string);
}

/** The flow's languages with no goodbye of their own (neither written nor one of Griot's defaults). */
export function agentGoodbyeMissing(flow: Pick<Flow, 'settings' | 'locales'>): Flow['locales'] {
  return flow.locales.filter((l) => goodbyeIn(flow, l.code) === undefined);
}
