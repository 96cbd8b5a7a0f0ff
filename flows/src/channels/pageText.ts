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
  /** The line that asks for the next screen ("00 Suite"). */
  next: string;
  /** The line that goes back a screen ("0 Retour"); absent when its key means something else here. */
  back?: string;
}

/**
 * Pages a text into screens of at most `screenMaxLength` characters, the paging lines included:
 * the first screen offers the next one, the last one the one before, those between both. Cuts
 * fall where `splitText` puts them (paragraphs, lines, sentences, words); nothing is dropped:
 * the bodies joined hold every word. A text that fits is one screen with no paging line.
 */
export function pageText(text: string, lines: PagingLines): Page[] {
  const max = lines.screenMaxLength;
  if (text.length <= max) return [{ body: text, screen: text, hasNext: false, hasBack: false }];
  const room = (...taken: (string | undefined)[]) => max - taken.reduce((sum, line) => sum + (line === undefined ? 0 : line.length + 1), 0);
  const pages: Page[] = [];
  let rest = text;
  for (;;) {
    const back = pages.length > 0 ? lines.back : undefined;
    if (rest.length <= room(back)) {
      pages.push(page(rest, false, back));
      return pages;
    }
    const [body, after] = takePart(rest, room(lines.next, back));
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
