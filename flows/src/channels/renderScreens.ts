import type { AskEffect, Effect } from '../interpreter/types.ts';
import type { ChannelCapabilities } from './channelCapabilities.ts';
import { pageText, type Page } from './pageText.ts';
import { renderReplies, type RenderResult } from './renderReplies.ts';
import { screenText } from './screenText.ts';
import { systemTexts, writtenLocaleFor, type SystemTexts } from './systemTexts.ts';

/**
 * Why a screen-at-a-time session ends with this turn, beside the flow ending it: the contact
 * waits for an agent who will call back (`agent`), or a look-up outlived what the session can
 * wait and its answer follows on another channel (`answerFollows`) or not (`tryAgainLater`).
 */
export type ScreenClosing = 'ended' | 'agent' | 'answerFollows' | 'tryAgainLater';

export interface ScreenTurnOptions {
  /** A row with `pages` (USSD). */
  capabilities: ChannelCapabilities;
  /** The contact's language: the paging and closing words are in it (or in the flow's written one, below). */
  locale: string;
  /**
   * The flow's locales: a contact whose language has no words of Griot's own (Fon, recordings
   * only) reads the paging and closing words of the flow's first written language (`writtenLocaleFor`:
   * French on the 1919 line), never English.
   */
  flowLocales?: readonly { code: string }[];
  /** The session ends with this turn (its last screen closes it), and why. Absent: it waits for the subscriber. */
  closing?: ScreenClosing;
  /** The channel a late answer follows on (`answerFollows`), as people name it: SMS. */
  followUpLabel?: string;
  texts?: (locale: string) => SystemTexts;
}

export interface ScreenTurn {
  pages: Page[];
  /** Whether the last page ends the session. */
  final: boolean;
  /** The keys of the menu waiting for an answer (a paging key that is one of them is not offered). */
  menuKeys: string[];
  dropped: RenderResult['dropped'];
}

/**
 * A turn as a screen-at-a-time channel shows it: every text of the turn in order (SSML gone, a
 * menu as numbered lines under its prompt, as `renderReplies` gives them with no length limit),
 * then the channel's closing words when the session ends for a reason of its own, paged into
 * screens (`pageText`) with the paging words of the contact's language. The back key is not
 * offered when the waiting menu has an option with that key: the option wins, nor on the
 * screen that closes the session.
 */
export function renderScreens(effects: readonly Effect[], options: ScreenTurnOptions): ScreenTurn {
  const { capabilities } = options;
  const paging = capabilities.pages;
  if (!paging) throw new RangeError(`${capabilities.label} shows messages, not screens`);
  const textsOf = (locale: string) => (options.texts ?? systemTexts)(writtenLocaleFor(locale, options.flowLocales ?? []));
  const texts = textsOf(options.locale);
  // One text for the whole turn: pages, not messages, bound its length.
  const dropped: RenderResult['dropped'] = [];
  let text = screenText(effects, capabilities, dropped);
  if (text === undefined) {
    const rendered = renderReplies(effects, { capabilities: { ...capabilities, textMaxLength: undefined }, ...(options.texts || options.flowLocales ? { texts: textsOf } : {}) });
    text = rendered.replies.flatMap((reply) => (reply.type === 'text' ? [reply.text] : reply.type === 'choice' ? [reply.body] : [])).join('\n\n');
    dropped.push(...rendered.dropped);
  }
  const closingWords = closingWordsOf(options, texts);
  if (closingWords) text = text === '' ? closingWords : `${text}\n\n${closingWords}`;
  const ask = options.closing ? undefined : lastAsk(effects);
  const menuKeys = ask?.options?.map((o) => o.key) ?? [];
  const back = menuKeys.includes(paging.backKey) ? undefined : `${paging.backKey} ${texts.previousPage}`;
  const pages = pageText(text, {
    screenMaxLength: paging.screenMaxLength,
    ucs2ScreenMaxLength: paging.ucs2ScreenMaxLength,
    next: `${paging.nextKey} ${texts.nextPage}`,
    ...(back ? { back } : {}),
  });
  const final = options.closing !== undefined;
  // The gateway sends the last screen of a closing turn with END: no answer can follow, so it offers no key.
  const last = pages.at(-1);
  if (final && last?.hasBack) pages[pages.length - 1] = { ...last, screen: last.body, hasBack: false };
  return { pages, final, menuKeys, dropped };
}

/** The channel's own words closing the session, if it closes for a reason of its own. */
function closingWordsOf(options: ScreenTurnOptions, texts: SystemTexts): string | undefined {
  switch (options.closing) {
    case 'agent':
      return texts.agentCallsBack;
    case 'answerFollows':
      return texts.answerFollows.replace('{channel}', options.followUpLabel ?? 'SMS');
    case 'tryAgainLater':
      return texts.tryAgainLater;
    default:
      return undefined;
  }
}

/** The turn's last question: its menu waits for the answer. */
function lastAsk(effects: readonly Effect[]): AskEffect | undefined {
  for (let i = effects.length - 1; i >= 0; i -= 1) {
    const effect = effects[i]!;
    if (effect.type === 'ask') return effect;
  }
  return undefined;
}
