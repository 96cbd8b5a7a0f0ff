import { useState } from 'react';

/**
 * A field's error as the editor should meet it: a field that opened empty (a row just added)
 * says nothing until the editor has left it once; a field that opened filled shows its error
 * at once (an existing flow's problem).
 */
export function useShownError(error: string | undefined, value: string | undefined): { error: string | undefined; onBlur: () => void } {
  const [left, setLeft] = useState(() => (value ?? '') !== '');
  return { error: left ? error : undefined, onBlur: () => setLeft(true) };
}
