/**
 * The expression with variable `from` read as `to` wherever it stands as a path's head
 * (`solde > 100`, `solde.xof`, `tx[solde]`), never a property (`x.solde`), a function's name or
 * a word inside a string literal. A scan of jsep's tokens rather than a print of the tree, so the
 * editor's spacing, quotes and parentheses stay as written. `uses` counts the names rewritten.
 */
export function renameExpressionVariable(source: string, from: string, to: string): { text: string; uses: number } {
  let text = '';
  let last = 0;
  let uses = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '"' || c === "'") {
      i++;
      while (i < source.length && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? '') && !/[A-Za-z0-9_$\])]/.test(previousToken(source, i)))) {
      // A number, `1e5` and `.5` included: its letters are no name.
      while (i < source.length && /[0-9A-Za-z_.]/.test(source[i] ?? '')) i++;
      continue;
    }
    // jsep reads any character past ASCII as part of a name (`soldeé`, `ésolde`): one name, not `solde`.
    if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      let end = i + 1;
      while (end < source.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(source[end] ?? '')) end++;
      const word = source.slice(i, end);
      const property = previousToken(source, i) === '.';
      const called = /^\s*\(/.test(source.slice(end));
      if (word === from && !property && !called) {
        text += source.slice(last, i) + to;
        last = end;
        uses++;
      }
      i = end;
      continue;
    }
    i++;
  }
  return { text: text + source.slice(last), uses };
}

/** The last character before `index` that is not a space. */
function previousToken(source: string, index: number): string {
  let j = index - 1;
  while (j >= 0 && /\s/.test(source[j] ?? '')) j--;
  return j >= 0 ? (source[j] ?? '') : '';
}
