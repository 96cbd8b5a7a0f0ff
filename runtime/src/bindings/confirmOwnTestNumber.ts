import type { JsonValue } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import type { Binding } from '../store/types.ts';
import { notFound } from '../errors.ts';
import { normalizeNumber } from '../callers/normalizeNumber.ts';
import { testerOf } from './testNumbers.ts';

export interface ConfirmDeps {
  ctx: ServiceContext;
  defaultRegion: string;
  get(id: string): Promise<Binding>;
  changed?: (binding: Pick<Binding, 'id' | 'channel' | 'address'>) => void;
  hash(binding: Binding): string;
  describe(binding: Binding): Record<string, JsonValue>;
}

/**
 * An admin confirms that a number a user listed as their own test number is theirs (they called
 * from it, or showed the phone): from then on its calls through the binding reach staging. Until
 * then it is pending and runs the binding's environment like any subscriber's number. It never
 * lets a preview call the real backends as it: only an admin's own listing does (testNumbers.ts).
 * Confirming again changes nothing; audited as `binding.testerConfirm`.
 */
export async function confirmOwnTestNumber(deps: ConfirmDeps, actor: Actor, id: string, rawNumber: string): Promise<Binding> {
  const before = await deps.get(id);
  const number = normalizeNumber(rawNumber, deps.defaultRegion);
  const tester = testerOf(before, number, deps.defaultRegion);
  if (!tester?.addedBy) {
    throw notFound('own_test_number_unknown', `${rawNumber} is not a number a user listed as their own on this binding`, { field: 'number', params: { number: number ?? rawNumber } });
  }
  if (tester.confirmedAt !== undefined) return before;
  // One atomic step on the tester's row: a tester adding or removing a number at the same moment keeps theirs.
  const binding = await deps.ctx.store.confirmBindingTester(id, tester.number, tester.addedBy, actor.username, deps.ctx.now());
  if (!binding) {
    // Confirmed meanwhile (another admin's click): nothing more to do; removed meanwhile: not there any more.
    const now = await deps.get(id);
    if (testerOf(now, number, deps.defaultRegion)?.confirmedAt !== undefined) return now;
    throw notFound('own_test_number_unknown', `${rawNumber} is not a number a user listed as their own on this binding`, { field: 'number', params: { number: number ?? rawNumber } });
  }
  deps.changed?.(binding);
  await deps.ctx.audit.record({
    actor: actor.username,
    action: 'binding.testerConfirm',
    target: `binding:${id}`,
    hashBefore: deps.hash(before),
    hashAfter: deps.hash(binding),
    details: { ...deps.describe(binding), number: tester.number, addedBy: tester.addedBy },
  });
  return binding;
}
