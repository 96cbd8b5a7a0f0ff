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

function cutPoint(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  const minimum = Math.floor(max / 2);
  for (const boundary of [/\n\n/g, /\n/g, /[.!?…]\s/g, /\s/g]) {
    let best = -1;
    for (const match of window.matchAll(boundary)) {
      const end = (match.index ?? 0) + match[0].length;
      if (end <= max) best = end;
    }
    if (best >= minimum) return best;
  }
  const code = text.charCodeAt(max - 1);
  // Do not leave half of a surrogate pair at the end of a part.
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
