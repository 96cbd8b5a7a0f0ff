import type { Channel } from '@griot/flows';
import type { Binding, TesterRoute } from '../store/types.ts';
import { normalizeNumber } from '../callers/normalizeNumber.ts';

/** A number an admin listed as a tester on an entry point, and where its calls are routed. */
export interface TestNumber {
  /** E.164. */
  number: string;
  routes: Array<{ bindingId: string; channel: Channel; address: string; flowId: string; version?: number; locale?: string }>;
}

/**
 * Whether a tester row was listed by an admin. A user's own phone (`addedBy`) is not, even once
 * confirmed: a user may type any subscriber's number, and a preview as that number would read
 * the subscriber's PUK code and balance from the operator's systems.
 */
export const listedByAdmin = (tester: TesterRoute): boolean => tester.addedBy === undefined;

/** A user's own phone that no admin confirmed yet: its calls run the binding's environment, like a subscriber's. */
export const isPendingTester = (tester: TesterRoute): boolean => tester.addedBy !== undefined && tester.confirmedAt === undefined;

/**
 * The approved test numbers: the testers an admin listed on the bindings. The list the designer's
 * simulator picks from, and the only numbers a preview may call the real look-up backends as.
 * A user's own phone is not in it (see `listedByAdmin`).
 */
export function testNumbersOf(bindings: readonly Binding[]): TestNumber[] {
  const byNumber = new Map<string, TestNumber>();
  for (const binding of bindings) {
    for (const tester of binding.testers.filter(listedByAdmin)) {
      let entry = byNumber.get(tester.number);
      if (!entry) byNumber.set(tester.number, (entry = { number: tester.number, routes: [] }));
      entry.routes.push({
        bindingId: binding.id,
        channel: binding.channel,
        address: binding.address,
        flowId: binding.flowId,
        ...(tester.version !== undefined ? { version: tester.version } : {}),
        ...(tester.locale ? { locale: tester.locale } : {}),
      });
    }
  }
  return [...byNumber.values()].sort((a, b) => a.number.localeCompare(b.number));
}

/**
 * Whether `number` (E.164, or null for none) is an approved test number: a tester an admin listed
 * on some binding. A preview calls the real backends only as one (bindingService's
 * `allowBackendPreview`, and again at each look-up: services.ts).
 */
export function isTestNumber(bindings: readonly Binding[], number: string | null, defaultRegion: string): boolean {
  return bindings.some((b) => {
    const tester = testerOf(b, number, defaultRegion);
    return tester !== undefined && listedByAdmin(tester);
  });
}

/**
 * The tester row of `number` (E.164) on a binding, if it is listed there at all, pending or not:
 * what listing it again would repeat.
 */
export function testerOf(binding: Binding, number: string | null, defaultRegion: string): TesterRoute | undefined {
  if (number === null) return undefined;
  return binding.testers.find((t) => normalizeNumber(t.number, defaultRegion) === number);
}

/**
 * The tester route a call from `number` takes on a binding (conversations/resolveEntry.ts): an
 * admin's row, or a user's own phone once an admin confirmed it. A pending one routes nothing:
 * the number may be a subscriber's, whose calls would otherwise reach staging.
 */
export function routedTesterOf(binding: Binding, number: string | null, defaultRegion: string): TesterRoute | undefined {
  const tester = testerOf(binding, number, defaultRegion);
  return tester && !isPendingTester(tester) ? tester : undefined;
}

/**
 * The test numbers of these bindings (one flow's) whose test calls `username` may read, each from
 * when: an admin's rows from any time (their calls were test calls), the user's own phone from
 * when an admin confirmed it (the earliest of its rows), never before (the number may have been a
 * subscriber's, or another user's own phone), never a pending one nor another user's.
 */
export function readableTestNumbers(bindings: readonly Binding[], username: string): Array<{ number: string; since?: string }> {
  const since = new Map<string, string | undefined>();
  for (const tester of bindings.flatMap((b) => b.testers)) {
    if (listedByAdmin(tester)) since.set(tester.number, undefined);
    else if (tester.addedBy === username && tester.confirmedAt !== undefined) {
      const known = since.get(tester.number);
      if (!since.has(tester.number) || (known !== undefined && tester.confirmedAt < known)) since.set(tester.number, tester.confirmedAt);
    }
  }
  return [...since].map(([number, from]) => (from === undefined ? { number } : { number, since: from }));
}
