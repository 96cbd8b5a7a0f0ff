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
 * The approved test numbers: the testers listed on the bindings (admin-only). One list serves
 * both places where a tester meets the operator's real systems: their phone calling the line is
 * routed to staging, and a designer preview may call the real look-up backends only as one of
 * these numbers. A second list would drift from the first.
 */
export function testNumbersOf(bindings: readonly Binding[]): TestNumber[] {
  const byNumber = new Map<string, TestNumber>();
  for (const binding of bindings) {
    for (const tester of binding.testers) {
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

/** Whether `number` (E.164, or null for none) is an approved test number: a tester on some binding. */
export function isTestNumber(bindings: readonly Binding[], number: string | null, defaultRegion: string): boolean {
  return bindings.some((b) => testerOf(b, number, defaultRegion) !== undefined);
}

/**
 * The tester route of `number` (E.164) on a binding, if it is listed there. The one comparison
 * both staging routing (conversations/resolveEntry.ts) and the preview's backend check use.
 */
export function testerOf(binding: Binding, number: string | null, defaultRegion: string): TesterRoute | undefined {
  if (number === null) return undefined;
  return binding.testers.find((t) => normalizeNumber(t.number, defaultRegion) === number);
}
