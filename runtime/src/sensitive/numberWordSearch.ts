/**
 * Where, in a text, a number may begin: a digit, or a number word standing as a word. A search
 * of one pass over the text's characters, nothing taken out of it: each word's first letter is
 * looked up in a tree of the number words' letters (`six`, `sixteen`, `sixty` share `s`, `i`,
 * `x`), and most words stop there. What a character is (a letter, a mark) is asked of Unicode once
 * per character ever seen, then kept.
 */

interface Node {
  /** A word ends here. */
  end: boolean;
  next: Map<number, Node>;
}

const LETTER = 1;
const MARK = 2;
const OTHER = 3;
/** What each character of the Basic Multilingual Plane is (0: not asked yet). */
const kinds = new Uint8Array(0x10000);
const astralKinds = new Map<number, number>();

function kindOfCodePoint(cp: number): number {
  const char = String.fromCodePoint(cp);
  return /\p{L}/u.test(char) ? LETTER : /\p{M}/u.test(char) ? MARK : OTHER;
}

/** What the character at `i` is; `width` its length in code units. A lone surrogate is OTHER. */
function kindAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ? LETTER : OTHER;
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const cp = text.codePointAt(i) ?? code;
    if (cp > 0xffff) {
      let kind = astralKinds.get(cp);
      if (kind === undefined) astralKinds.set(cp, (kind = kindOfCodePoint(cp)));
      return kind;
    }
  }
  let kind = kinds[code] ?? 0;
  if (kind === 0) kinds[code] = kind = code >= 0xd800 && code <= 0xdfff ? OTHER : kindOfCodePoint(code);
  return kind;
}

/** The kind of the character before `i`, read back over a surrogate pair. */
function kindBefore(text: string, i: number): number {
  if (i === 0) return OTHER;
  const code = text.charCodeAt(i - 1);
  if (code >= 0xdc00 && code <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return kindAt(text, i - 2);
  }
  return kindAt(text, i - 1);
}

const widthAt = (text: string, i: number): number => {
  const code = text.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
};

function treeOf(words: readonly string[], letterOf: (code: number) => number | undefined): Node {
  const root: Node = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (let i = 0; i < word.length; i += 1) {
      const letter = letterOf(word.charCodeAt(i)) ?? word.charCodeAt(i);
      let child = node.next.get(letter);
      if (!child) node.next.set(letter, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  return root;
}

/**
 * A character of the French and English number words as a regular expression with the flags `iu`
 * folds it: `A`–`Z` to `a`–`z`, `ſ` (long s) to `s`, `K` (Kelvin) to `k`, `É` to `é`; any other as is.
 */
export function caseFoldOf(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code + 32;
  return code === 0x17f ? 0x73 : code === 0x212a ? 0x6b : code === 0xc9 ? 0xe9 : code;
}

export interface NumberWordLists {
  /**
   * Words matched as a regular expression with the flags `iu` matches them: each character by its
   * case folding (`caseOf`), a whole word (no letter before nor after it; a mark may touch it).
   */
  cased: readonly string[];
  caseOf: (code: number) => number | undefined;
  /**
   * Words matched whatever their tones and dots: each character by the letter it folds to
   * (`letterOf`), combining marks after a letter skipped, no letter nor mark before nor after.
   */
  folded: readonly string[];
  letterOf: (code: number) => number | undefined;
}

/** The search: where the first digit or number word at `from` or after begins, or -1. */
export function numberWordSearch({ cased, caseOf, folded, letterOf }: NumberWordLists): (text: string, from: number) => number {
  const casedTree = treeOf(cased, caseOf);
  const foldedTree = treeOf(folded, letterOf);

  const casedAt = (text: string, i: number): boolean => {
    let node = casedTree;
    for (let j = i; j < text.length; ) {
      const next = node.next.get(caseOf(text.charCodeAt(j)) ?? -1);
      if (!next) return false;
      node = next;
      j += 1;
      if (node.end && (j >= text.length || kindAt(text, j) !== LETTER)) return true;
    }
    return false;
  };
  const foldedAt = (text: string, i: number): boolean => {
    let node = foldedTree;
    for (let j = i; j < text.length; ) {
      const code = text.charCodeAt(j);
      const next = node.next.get(letterOf(code) ?? -1);
      if (!next) return false;
      node = next;
      j += 1;
      // Tones and dots written apart, after a letter (not after `-`).
      if (code !== 0x2d) while (j < text.length && kindAt(text, j) === MARK) j += widthAt(text, j);
      if (node.end && (j >= text.length || kindAt(text, j) === OTHER)) return true;
    }
    return false;
  };

  return (text: string, from: number): number => {
    for (let i = from; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code >= 0x30 && code <= 0x39) return i;
      // Spaces and punctuation, the most common characters after letters.
      if (code < 0x41) continue;
      if (kindAt(text, i) !== LETTER) continue;
      const before = kindBefore(text, i);
      if (before === LETTER) continue;
      if (casedAt(text, i)) return i;
      if (before !== MARK && foldedAt(text, i)) return i;
    }
    return -1;
  };
}
