import { describe, expect, it } from 'vitest';
import { lineDiff } from './lineDiff.ts';

describe('lineDiff', () => {
  it('keeps the unchanged lines and marks only the rewritten one', () => {
    expect(lineDiff('Bienvenue au 1919.\nTapez 1 pour le PUK.\nTapez 2 pour le solde.', 'Bienvenue au 1919.\nTapez 1 pour votre code PUK.\nTapez 2 pour le solde.')).toEqual([
      { kind: 'same', text: 'Bienvenue au 1919.' },
      { kind: 'removed', text: 'Tapez 1 pour le PUK.' },
      { kind: 'added', text: 'Tapez 1 pour votre code PUK.' },
      { kind: 'same', text: 'Tapez 2 pour le solde.' },
    ]);
  });

  it('an added last line is the only change', () => {
    expect(lineDiff('Au revoir.', 'Au revoir.\nMerci.').filter((l) => l.kind !== 'same')).toEqual([{ kind: 'added', text: 'Merci.' }]);
  });
});
