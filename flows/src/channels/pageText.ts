import { encodedLength, outsideGsm7 } from './planSms.ts';
import { takePart } from './splitText.ts';

/** One screen of a screen-at-a-time channel (USSD). */
export interface Page {
  /** The part of the text this screen shows. */
  body: string;
  /** The whole screen: the body, then the paging lines it offers. */
  screen: string;
  /** Whether it offers the next screen, and the one before. */
  hasNext: boolean;
  hasBack: boolean;
}

export interface PagingLines {
  screenMaxLength: number;
  /**
   * A screen holding a character GSM 03.38 lacks (`ô`, `ç`, `ê`, `’`, Fon's `ɛ`) goes as UCS-2,
   * two octets a character: this many fit (USSD: 80 of the 160 octets that hold 182 GSM
   * characters). Absent: every screen holds `screenMaxLength`.
   */
  ucs2ScreenMaxLength?: number;
  /** The line that asks for the next screen ("00 Suite"). */
  next: string;
  /** The line that goes back a screen ("0 Retour"); absent when its key means something else here. */
  back?: string;
}

/**
 * Pages a text into screens of at most `screenMaxLength` characters (`ucs2ScreenMaxLength` for a
 * screen that needs UCS-2; with it given, a GSM screen is measured in septets, `€` or `[` two),
 * the paging lines included:
 * the first screen offers the next one, the last one the one before, those between both. Cuts
 * fall where `splitText` puts them (paragraphs, lines, sentences, words); nothing is dropped:
 * the bodies joined hold every word. A text that fits is one screen with no paging line.
 */
export function pageText(text: string, lines: PagingLines): Page[] {
  // The most a screen showing `shown` may hold: fewer when it needs UCS-2.
  const maxFor = (shown: string) => (lines.ucs2ScreenMaxLength !== undefined && outsideGsm7(shown).length > 0 ? Math.min(lines.ucs2ScreenMaxLength, lines.screenMaxLength) : lines.screenMaxLength);
  // What a screen takes of it: on a network that encodes (ucs2ScreenMaxLength given), a GSM
  // screen's extension characters (`€`, `[`…) take two septets each; else one character each.
  const lengthOf = (shown: string) => (lines.ucs2ScreenMaxLength !== undefined ? encodedLength(shown) : shown.length);
  const fits = (shown: string) => lengthOf(shown) <= maxFor(shown);
  if (fits(text)) return [{ body: text, screen: text, hasNext: false, hasBack: false }];
  const room = (max: number, ...taken: (string | undefined)[]) => max - taken.reduce((sum, line) => sum + (line === undefined ? 0 : line.length + 1), 0);
  const pages: Page[] = [];
  let rest = text;
  for (;;) {
    const back = pages.length > 0 ? lines.back : undefined;
    const last = page(rest, false, back);
    if (fits(last.screen)) {
      pages.push(last);
      return pages;
    }
    // Cut for a GSM screen first; a part that needs UCS-2 (or holding extension characters) is cut
    // again, shorter by what it is over, until it fits.
    let budget = room(lines.screenMaxLength, lines.next, back);
    let [body, after] = takePart(rest, budget);
    for (let taken = page(body, true, back); !fits(taken.screen) && budget > 2; taken = page(body, true, back)) {
      budget = Math.max(2, budget - (lengthOf(taken.screen) - maxFor(taken.screen)));
      [body, after] = takePart(rest, budget);
    }
    pages.push(page(body, true, back));
    rest = after;
    if (rest === '') {
      // Only blank space was left: the last page offers nothing more.
      const last = pages.pop() as Page;
      pages.push(page(last.body, false, back));
      return pages;
    }
  }

  function page(body: string, hasNext: boolean, back: string | undefined): Page {
    const offered = [hasNext ? lines.next : undefined, back].filter((line): line is string => line !== undefined);
    return { body, screen: [body, ...offered].join('\n'), hasNext, hasBack: back !== undefined };
  }
}
