import type { TestNumber } from '../api/types.ts';

/**
 * The caller number a preview on the staging system starts with: the one set if it is a test
 * number, else the first test number (the server would refuse any other), else null (none listed).
 */
export function testNumberChoice(callerNumber: string, numbers: readonly TestNumber[]): string | null {
  const compact = callerNumber.replace(/[\s.\-()]/g, '');
  return numbers.find((n) => n.number === compact)?.number ?? numbers[0]?.number ?? null;
}

/** How a test number reads in the picker: the number, then where its calls go (`Voix 1919`). */
export function testNumberLabel(testNumber: TestNumber, channelName: (channel: string) => string = (c) => c): string {
  const routes = testNumber.routes.map((r) => `${channelName(r.channel)} ${r.address}`);
  return routes.length > 0 ? `${testNumber.number} · ${routes.join(', ')}` : testNumber.number;
}
