import { useEffect, useState } from 'react';
import { previewApi } from '../api/previewApi.ts';
import type { TestNumber } from '../api/types.ts';

export interface TestNumbersState {
  /** Null until loaded. */
  numbers: TestNumber[] | null;
  error: string | null;
}

/**
 * The approved test numbers, read when the simulator is to call the staging system (`enabled`),
 * and again each time it is: an admin may have just listed one.
 */
export function useTestNumbers(enabled: boolean): TestNumbersState {
  const [state, setState] = useState<TestNumbersState>({ numbers: null, error: null });
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    previewApi.testNumbers().then(
      (numbers) => current && setState({ numbers, error: null }),
      (error: Error) => current && setState({ numbers: [], error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [enabled]);
  return state;
}
