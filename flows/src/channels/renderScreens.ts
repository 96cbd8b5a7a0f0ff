import type { AskEffect, Effect } from '../interpreter/types.ts';
import type { ChannelCapabilities } from './channelCapabilities.ts';
import { pageText, type Page } from './pageText.ts';
import { renderReplies, type RenderResult } from './renderReplies.ts';
import { systemTexts, type SystemTexts } from './systemTexts.ts';

/**
 * Why a screen-at-a-time session ends with this turn, beside the flow ending it: the contact
 * waits for an agent who will call back (`agent`), or a look-up outlived what the session can
 * wait and its answer follows on another channel (`answerFollows`) or not (`tryAgainLater`).
 */
export type ScreenClosing = 'ended' | 'agent' | 'answerFollows' | 'tryAgainLater';

export interface ScreenTurnOptions {
  /** A row with `pages` (USSD). */
  capabilities: ChannelCapabilities;
  /** The contact's language: the paging and closing words are in it. */
  locale: string;
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
  const texts = (options.texts ?? systemTexts)(options.locale);
  // One text for the whole turn: pages, not messages, bound its length.
  const { replies, dropped } = renderReplies(effects, { capabilities: { ...capabilities, textMaxLength: undefined }, ...(options.texts ? { texts: options.texts } : {}) });
  const parts = replies.flatMap((reply) => (reply.type === 'text' ? [reply.text] : reply.type === 'choice' ? [reply.body] : []));
  const closingWords = { ended: undefined, agent: texts.agentCallsBack, answerFollows: texts.answerFollows.replace('{channel}', options.followUpLabel ?? 'SMS'), tryAgainLater: texts.tryAgainLater }[
    options.closing ?? 'ended'
  ];
  if (closingWords) parts.push(closingWords);
  const ask = options.closing ? undefined : [...effects].reverse().find((e): e is AskEffect => e.type === 'ask');
  const menuKeys = ask?.options?.map((o) => o.key) ?? [];
  const back = menuKeys.includes(paging.backKey) ? undefined : `${paging.backKey} ${texts.previousPage}`;
  const pages = pageText(parts.join('\n\n'), {
    screenMaxLength: paging.screenMaxLength,
    next: `${paging.nextKey} ${texts.nextPage}`,
    ...(back ? { back } : {}),
  });
  const final = options.closing !== undefined;
  // The gateway sends the last screen of a closing turn with END: no answer can follow, so it offers no key.
  const last = pages.at(-1);
  if (final && last?.hasBack) pages[pages.length - 1] = { ...last, screen: last.body, hasBack: false };
  return { pages, final, menuKeys, dropped };
}
