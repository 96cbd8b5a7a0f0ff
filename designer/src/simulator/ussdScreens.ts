import { channelCapabilities, renderScreens, type Page, type ScreenClosing } from '@griot/flows';
import type { SimulatorTurn } from './simulatorStore.ts';

export interface UssdTurnScreens {
  pages: Page[];
  /** The last page ends the session (`END`); the others wait for an answer (`CON`). */
  final: boolean;
}

/**
 * A turn as a USSD phone shows it, by the connector's own rendering (`renderScreens` on the
 * channel table's USSD row): the same 182-character screens, the same paging words, and the same
 * closing words when the session ends for a reason of its own (a handoff: an agent calls back).
 * Sensitive values stay masked here. A language without Griot's own words (Fon) reads them in the
 * flow's first written language (`flowLocales`), as on the phone.
 */
export function ussdScreens(turn: SimulatorTurn, locale: string, waitsForAgent: boolean, flowLocales: readonly { code: string }[] = []): UssdTurnScreens {
  const effects = turn.effects.map((e) => (e.type === 'say' && e.redacted !== undefined ? { ...e, text: e.redacted } : e));
  const closing: ScreenClosing | undefined = turn.ended ? 'ended' : waitsForAgent ? 'agent' : undefined;
  const { pages, final } = renderScreens(effects, { capabilities: channelCapabilities.ussd, locale, flowLocales, ...(closing ? { closing } : {}) });
  return { pages, final };
}
