import type { Channel, LocalizedPrompt } from '../schema/common.ts';
import { channelCapabilities, type ChannelCapabilities } from './channelCapabilities.ts';
import { numberedMenu, planMenu } from './planMenu.ts';
import { encodedLength, outsideGsm7 } from './planSms.ts';
import { stripSsml } from './stripSsml.ts';
import type { ReplyOption } from './replies.ts';

/**
 * The variant keys a prompt is looked up by on a channel, most specific first: the channel id;
 * then, for a prompt said with a menu, how that menu is shown there (`buttons` for buttons or a
 * list, `numbered` for numbered text: `planMenu` on the channel's row, as the renderer decides);
 * then `keypad` where the subscriber answers with the phone's keys (a call, USSD). The locale's
 * own text comes after all of them. Pure: the same channel and menu give the same keys.
 */
export function wordingKeys(channel: Channel, menu?: readonly ReplyOption[], capabilities: ChannelCapabilities = channelCapabilities[channel]): string[] {
  const keys: string[] = [channel];
  if (menu && menu.length > 0) {
    const presentation = planMenu(menu, capabilities);
    if (presentation === 'buttons' || presentation === 'list') keys.push('buttons');
    else if (presentation === 'numbered') keys.push('numbered');
  }
  if (capabilities.keypad) keys.push('keypad');
  return keys;
}

/** What a prompt says in one place: its text and audio, and the variant they come from (none: the locale's own). */
export interface Wording {
  text?: string;
  audio?: string;
  variant?: string;
}

/**
 * The wording of a locale's version for the given keys: the first variant with text or audio,
 * used whole (a recording saying "tapez 1" must not follow a text variant onto buttons), else
 * the version's own text and audio. An empty or blank (whitespace-only) variant is passed over, and a blank text is no text:
 * the one rule lint (prompt.missingLocale / missingRecording) and the interpreter share.
 */
export function pickWording(version: LocalizedPrompt, keys: readonly string[]): Wording {
  const variants = version.variants;
  if (variants) {
    for (const key of keys) {
      const variant = Object.hasOwn(variants, key) ? variants[key] : undefined;
      if (variant && (variant.text?.trim() || variant.audio)) {
        return { ...(variant.text?.trim() ? { text: variant.text } : {}), ...(variant.audio ? { audio: variant.audio } : {}), variant: key };
      }
    }
  }
  return { ...(version.text?.trim() ? { text: version.text } : {}), ...(version.audio ? { audio: version.audio } : {}) };
}

/**
 * How much of one message or screen a prompt's text takes on a channel, as the subscriber reads
 * it: SSML stripped, `{{…}}` placeholders counted as empty (their values are not known before
 * the contact), and a menu shown as numbered text counted with it (it goes in the same message
 * or screen). `limit` is what one message holds (`textMaxLength`), or one screen on a channel
 * that pages (`pages.screenMaxLength`); absent where nothing is too long (a call). Lint and the
 * designer's counter measure with this one function.
 */
export function wordingFootprint(text: string, capabilities: ChannelCapabilities, menu?: readonly ReplyOption[]): { length: number; limit?: number; withMenu: boolean } {
  const withMenu = menu !== undefined && menu.length > 0 && planMenu(menu, capabilities) === 'numbered';
  const shown = stripSsml(withoutPlaceholders(text)) + (withMenu ? `\n\n${numberedMenu(menu)}` : '');
  // On a screen, a character GSM 03.38 lacks makes it UCS-2: it holds fewer characters.
  const paging = capabilities.pages;
  const limit = paging ? (outsideGsm7(shown).length > 0 ? paging.ucs2ScreenMaxLength : paging.screenMaxLength) : capabilities.textMaxLength;
  // A screen's GSM 03.38 extension characters (`€`, `[`) take two septets of it.
  const length = paging ? encodedLength(shown) : shown.length;
  return { length, ...(limit !== undefined ? { limit } : {}), withMenu };
}

/**
 * The text without its `{{…}}` (anything but `}` between the braces). One pass: the regular
 * expression it replaces rescanned the rest of the text from every `{` of a prompt full of them.
 */
export function withoutPlaceholders(text: string): string {
  let out = '';
  let from = 0;
  let kept = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    if (text[close + 1] === '}') {
      out += text.slice(kept, open);
      kept = close + 2;
      from = close + 2;
    } else from = close + 1;
  }
  return out + text.slice(kept);
}
