/**
 * Splits text longer than `max` into parts of at most `max`, cutting between paragraphs, then
 * lines, then sentences, then words, and inside a word only when one word is longer than half
 * the limit. Nothing is dropped: the parts joined back hold every word.
 *
 * Length is counted in UTF-16 units (JavaScript's `length`), which is never less than the count
 * of characters, so a part is within the limit however the receiving API counts; a cut never
 * falls inside a surrogate pair.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 2) throw new RangeError('max must be at least 2');
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const [part, after] = takePart(rest, max);
    parts.push(part);
    rest = after;
  }
  if (rest !== '') parts.push(rest);
  return parts.filter((p) => p !== '');
}

/**
 * The first part of `text` that `splitText` would cut at `max` (the whole text when it fits),
 * and the rest: for pages whose room changes from one to the next (USSD screens, where the
 * paging words take room on some pages only).
 */
export function takePart(text: string, max: number): [part: string, rest: string] {
  if (max < 2) throw new RangeError('max must be at least 2');
  if (text.length <= max) return [text, ''];
  const cut = cutPoint(text, max);
  return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
}

/**
 * Where `takePart` cuts: the end of the last paragraph break within `max`, else of the last line
 * break, sentence end (`.`, `!`, `?` or `…` then a space) or space, as long as it leaves at least
 * half of `max` in the part; else at `max` itself. Scanned by character code rather than with
 * regular expressions: every USSD screen and long message is cut here, and the expressions
 * allocated a match object per space, per kind of break, each time.
 */
function cutPoint(text: string, max: number): number {
  const minimum = Math.floor(max / 2);
  // Breaks are looked for in the first max + 1 characters; one ending past max does not count.
  const end = Math.min(text.length, max + 1);
  let best = -1;
  // Paragraph breaks, taken left to right without overlapping ("\n\n\n" has one, ending at 2).
  for (let i = 0; i + 1 < end; ) {
    if (text.charCodeAt(i) === NEWLINE && text.charCodeAt(i + 1) === NEWLINE) {
      if (i + 2 <= max) best = i + 2;
      i += 2;
    } else i += 1;
  }
  if (best >= minimum) return best;
  best = -1;
  for (let i = 0; i < end && i + 1 <= max; i += 1) if (text.charCodeAt(i) === NEWLINE) best = i + 1;
  if (best >= minimum) return best;
  best = -1;
  for (let i = 0; i + 1 < end && i + 2 <= max; i += 1) if (isSentenceEnd(text.charCodeAt(i)) && isSpace(text.charCodeAt(i + 1))) best = i + 2;
  if (best >= minimum) return best;
  best = -1;
  for (let i = 0; i < end && i + 1 <= max; i += 1) if (isSpace(text.charCodeAt(i))) best = i + 1;
  if (best >= minimum) return best;
  const code = text.charCodeAt(max - 1);
  // Do not leave half of a surrogate pair at the end of a part.
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

const NEWLINE = 0x0a;

/** `.`, `!`, `?`, `…`. */
function isSentenceEnd(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x2026;
}

/** What `\s` matches in a JavaScript regular expression (white space and line terminators). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
