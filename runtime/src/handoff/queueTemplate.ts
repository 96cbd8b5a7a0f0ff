/**
 * A handoff node's queue template (`support-{{caller.locale}}`) as the set of queue names it may
 * expand to: the literal text as written, any non-empty text on one line in place of each
 * `{{…}}`. Matched in one pass over the name: a regular expression built from the template
 * (`^.+.+.+!$` for `{{a}}{{b}}{{c}}!`) backtracks exponentially, and a draft with such a queue
 * froze the whole server on an agent's transfer to a long name.
 */
export interface QueueTemplate {
  /** Whether the template may expand to `queue`. */
  test(queue: string): boolean;
}

/**
 * The template as literal pieces and, between two pieces, how many placeholders stand there
 * (adjacent ones merged: each takes at least one character). `pieces` has one more element than
 * `gaps`; the first and last pieces may be empty.
 */
interface Shape {
  pieces: string[];
  gaps: number[];
}

/** `{{`, anything but `}`, `}}`: the placeholders as the handoff node's queue writes them. */
function shapeOf(template: string): Shape {
  const pieces: string[] = [];
  const gaps: number[] = [];
  let from = 0;
  let kept = 0;
  for (;;) {
    const open = template.indexOf('{{', from);
    const close = open < 0 ? -1 : template.indexOf('}', open + 2);
    if (close < 0) break;
    if (template[close + 1] !== '}') {
      from = close + 1;
      continue;
    }
    const piece = template.slice(kept, open);
    if (piece === '' && pieces.length > 0) gaps[gaps.length - 1]! += 1;
    else {
      pieces.push(piece);
      gaps.push(1);
    }
    kept = close + 2;
    from = close + 2;
  }
  pieces.push(template.slice(kept));
  return { pieces, gaps };
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** What a placeholder may stand for: at least one character per placeholder, none a line break. */
function fills(queue: string, start: number, end: number, placeholders: number): boolean {
  return end - start >= placeholders && !LINE_BREAK.test(queue.slice(start, end));
}

export function queueTemplate(template: string): QueueTemplate {
  const { pieces, gaps } = shapeOf(template);
  const first = pieces[0]!;
  if (gaps.length === 0) return { test: (queue) => queue === first };
  const last = pieces[pieces.length - 1]!;
  const least = pieces.reduce((n, p) => n + p.length, 0) + gaps.reduce((n, g) => n + g, 0);
  return {
    test(queue) {
      if (queue.length < least || !queue.startsWith(first) || !queue.endsWith(last)) return false;
      const end = queue.length - last.length;
      let at = first.length;
      // Each middle piece at its first place after the placeholders before it: the earliest
      // leaves the most room to the rest, and a later one cannot fix a line break an earlier one spans.
      for (let i = 1; i < pieces.length - 1; i++) {
        const piece = pieces[i]!;
        const found = queue.indexOf(piece, at + gaps[i - 1]!);
        if (found < 0 || found + piece.length > end || !fills(queue, at, found, gaps[i - 1]!)) return false;
        at = found + piece.length;
      }
      return fills(queue, at, end, gaps[gaps.length - 1]!);
    },
  };
}
