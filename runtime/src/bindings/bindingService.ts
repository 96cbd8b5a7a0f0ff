import { contentHash, type JsonValue } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import type { Binding, TesterRoute } from '../store/types.ts';
import { BadInputError, conflict, invalid, notFound, throttled } from '../errors.ts';
import type { BindingInput } from './bindingInput.ts';
import { withDialledAddress } from './channelAddress.ts';
import { refuseDirectionControls } from '../refuseDirectionControls.ts';
import { normalizeNumber } from '../callers/normalizeNumber.ts';
import { auditedNumber, type AuditHasher } from '../audit/auditedNumber.ts';
import { isTestNumber, testerOf, testNumbersOf, type TestNumber } from './testNumbers.ts';
import { AttemptThrottle, type ThrottleRefusal } from '../auth/throttle/AttemptThrottle.ts';
import { ownershipOf } from './ownershipOf.ts';
import { confirmOwnTestNumber as confirmOwnNumber } from './confirmOwnTestNumber.ts';
import { withinDailyOwnAdds } from './ownTestNumberChurn.ts';

export interface BindingView extends Binding {
  /** The version each environment of the bound flow runs now. */
  environments: { staging: number | null; production: number | null };
}

/** The audit hash of a binding: what it routes, not when it was touched. */
/** How many test numbers a user who is not an admin may list for themselves, all bindings together. */
export const OWN_TEST_NUMBERS_PER_USER = 3;
/** A number whose live profile changed this recently is a subscriber's: only an admin lists it as a tester. */
const LIVE_SUBSCRIBER_DAYS = 30;
/**
 * Refused numbers a user may try within an hour before every number they add waits (429): a
 * refusal says "this number called a line lately", so trying number after number would tell a
 * tester who the subscribers are. Counted in the store: every instance shares the count.
 */
export const OWN_TEST_NUMBER_REFUSALS_PER_HOUR = 5;
const HOUR_SECONDS = 3600;

function ownTestNumbersThrottled(refusal: ThrottleRefusal) {
  const minutes = Math.ceil(refusal.retryAfterSeconds / 60);
  return throttled('own_test_numbers_throttled', `too many refused test numbers in the last hour: try again in ${minutes} minutes, or ask an admin to list the number`, refusal.retryAfterSeconds, {
    rule: refusal.rule,
  });
}

const bindingHash = ({ createdAt: _c, updatedAt: _u, ...routing }: Binding) => contentHash(routing);

export type BindingService = ReturnType<typeof createBindingService>;

/** Entry points: which flow and environment answers a channel address, and tester overrides. */
export function createBindingService(
  ctx: ServiceContext,
  options: {
    defaultRegion: string;
    /** Told of every stored change (the instances' caches of bindings forget the address: runtime/src/cluster). */
    changed?: (binding: Pick<Binding, 'id' | 'channel' | 'address'>) => void;
    /** Names a refused preview's number in the audit log by a keyed digest (audit/auditedNumber.ts). */
    hasher?: AuditHasher;
  },
) {
  // Per user (the username: an authenticated user's, never typed by a stranger), across instances.
  const refusals = new AttemptThrottle<string>(ctx.store, () => Date.parse(ctx.now()), 'owntest', [
    {
      name: 'own-test-number refusals',
      maxFailures: OWN_TEST_NUMBER_REFUSALS_PER_HOUR,
      windowSeconds: HOUR_SECONDS,
      blockSeconds: HOUR_SECONDS,
      resetOnSuccess: false,
      key: (username) => `user:${username}`,
    },
  ]);

  function normalizeTesters(testers: BindingInput['testers']): TesterRoute[] {
    return testers.map((t, i) => {
      const number = normalizeNumber(t.number, options.defaultRegion);
      if (!number) throw invalid('invalid_phone_number', `${t.number} is not a valid phone number`, { field: `testers.${i}.number`, params: { number: t.number } });
      return { number, ...(t.version !== undefined ? { version: t.version } : {}), ...(t.locale ? { locale: t.locale } : {}) };
    });
  }

  async function check(input: BindingInput, id: string | null): Promise<void> {
    const flow = await ctx.store.getFlow(input.flowId);
    if (!flow) throw invalid('flow_not_found', `no flow ${input.flowId}`, { field: 'flowId', context: { flowId: input.flowId } });
    if (flow.archivedAt) throw conflict('flow_archived', `flow ${input.flowId} is archived: an admin restores it before binding it`, { field: 'flowId', context: { flowId: input.flowId } });
    const taken = await ctx.store.findBinding(input.channel, input.address);
    if (taken && taken.id !== id) {
      // Which flow and environment hold the address: the admin who meant to add staging beside production on the same
      // number learns that one binding serves it (staging is reached from test numbers), not « another flow ».
      const holder = taken.flowId === input.flowId ? flow : await ctx.store.getFlow(taken.flowId);
      throw conflict('address_taken', `${input.channel} ${input.address} is already bound to flow ${taken.flowId} (binding ${taken.id})`, {
        field: 'address',
        context: { flowId: taken.flowId },
        params: { channel: input.channel, address: input.address, flow: holder?.name ?? taken.flowId, environment: taken.environment },
      });
    }
  }

  async function view(binding: Binding): Promise<BindingView> {
    const pointers = await ctx.store.getEnvironments(binding.flowId);
    const versionOf = (name: string) => pointers.find((p) => p.name === name)?.version ?? null;
    return { ...binding, environments: { staging: versionOf('staging'), production: versionOf('production') } };
  }

  async function list(): Promise<BindingView[]> {
    return Promise.all((await ctx.store.listBindings()).map(view));
  }

  async function get(id: string): Promise<Binding> {
    const binding = await ctx.store.getBinding(id);
    if (!binding) throw notFound('binding_not_found', `no binding ${id}`);
    return binding;
  }

  async function create(actor: Actor, raw: BindingInput): Promise<BindingView> {
    const input = withDialledAddress(raw);
    // An address is listed beside its channel and version (the numbers page, a tester's route): a direction control would show it as another.
    refuseDirectionControls(input.address, 'address');
    const testers = normalizeTesters(input.testers);
    await check(input, null);
    const at = ctx.now();
    const binding: Binding = { id: ctx.newId(), ...input, testers, settings: input.settings as Record<string, JsonValue>, createdAt: at, updatedAt: at };
    await ctx.store.putBinding(binding);
    options.changed?.(binding);
    await ctx.audit.record({ actor: actor.username, action: 'binding.create', target: `binding:${binding.id}`, hashAfter: bindingHash(binding), details: describe(binding) });
    return view(binding);
  }

  async function update(actor: Actor, id: string, raw: BindingInput): Promise<BindingView> {
    const input = withDialledAddress(raw);
    const before = await get(id);
    // One stored before Griot refused them keeps saving unchanged (its testers, its flow); a changed one is checked as a new one.
    refuseDirectionControls(input.address, 'address', before.address);
    // An admin's full edit keeps who listed a kept staging number themselves (still theirs to remove), and whether it was confirmed.
    const testers = normalizeTesters(input.testers).map((t) => (t.version === undefined ? { ...t, ...ownershipOf(before.testers.find((b) => b.number === t.number && b.addedBy)) } : t));
    await check(input, id);
    const binding: Binding = { ...before, ...input, testers, settings: input.settings as Record<string, JsonValue>, updatedAt: ctx.now() };
    await ctx.store.putBinding(binding);
    // The address it left too (an address moved to another number).
    options.changed?.(binding);
    if (before.address !== binding.address || before.channel !== binding.channel) options.changed?.(before);
    await ctx.audit.record({
      actor: actor.username,
      action: 'binding.update',
      target: `binding:${id}`,
      hashBefore: bindingHash(before),
      hashAfter: bindingHash(binding),
      details: describe(binding),
    });
    return view(binding);
  }

  async function remove(actor: Actor, id: string): Promise<void> {
    const before = await get(id);
    await ctx.store.deleteBinding(id);
    options.changed?.(before);
    await ctx.audit.record({ actor: actor.username, action: 'binding.delete', target: `binding:${id}`, hashBefore: bindingHash(before), details: describe(before) });
  }

  /**
   * A user lists their own phone as a test number of a binding, without an admin: once an admin
   * confirms it (confirmOwnTestNumber.ts; pending until then) its calls reach the flow's staging
   * (never a pinned version, nothing else of the binding changes). Previews never call the real
   * backends as it (testNumbers.ts `listedByAdmin`). Least privilege: at most
   * OWN_TEST_NUMBERS_PER_USER numbers per user, and never a live subscriber's number (its live
   * profile changed in the last 30 days: it called a line not as a tester), which would let the
   * user read that subscriber's data in previews. Audited, the refusals too (the number as a digest).
   */
  async function addOwnTestNumber(actor: Actor, id: string, input: { number: string; locale?: string }): Promise<BindingView> {
    const before = await get(id);
    const number = normalizeNumber(input.number, options.defaultRegion);
    if (!number) throw invalid('invalid_phone_number', `${input.number} is not a valid phone number`, { field: 'number', params: { number: input.number } });
    if (testerOf(before, number, options.defaultRegion)) {
      throw conflict('test_number_listed', `${number} is already a test number of this binding`, { field: 'number', params: { number } });
    }
    const all = await ctx.store.listBindings();
    const own = all.reduce((n, b) => n + b.testers.filter((t) => t.addedBy === actor.username).length, 0);
    if (own >= OWN_TEST_NUMBERS_PER_USER) {
      throw conflict('own_test_numbers_limit', `you already listed ${own} test numbers: remove one, or ask an admin`, { field: 'number', params: { limit: OWN_TEST_NUMBERS_PER_USER } });
    }
    if (!isTestNumber(all, number, options.defaultRegion)) await checkNotSubscriber(actor, before, number);
    const tester: TesterRoute = { number, ...(input.locale ? { locale: input.locale } : {}), addedBy: actor.username };
    // One atomic step in the store: another user adding to this binding at the same instant keeps theirs.
    const binding = await ctx.store.addBindingTester(id, tester, ctx.now());
    if (!binding) {
      await get(id);
      throw conflict('test_number_listed', `${number} is already a test number of this binding`, { field: 'number', params: { number } });
    }
    options.changed?.(binding);
    await ctx.audit.record({
      actor: actor.username,
      action: 'binding.testerAdd',
      target: `binding:${id}`,
      hashBefore: bindingHash(before),
      hashAfter: bindingHash(binding),
      details: { ...describe(binding), number },
    });
    return view(binding);
  }

  /**
   * Refuses (403 `test_number_live_subscriber`) a live subscriber's number, audited with the number
   * as a digest. Each refusal counts against the user; past OWN_TEST_NUMBER_REFUSALS_PER_HOUR, every
   * number waits (429 `own_test_numbers_throttled` with Retry-After, audited once per block), a
   * number that would have been accepted too: an answer either way tells whether it called a line.
   */
  async function checkNotSubscriber(actor: Actor, binding: Binding, number: string): Promise<void> {
    const blocked = await refusals.refusal(actor.username);
    if (blocked) throw ownTestNumbersThrottled(blocked);
    const { refusal: raced, counted } = await refusals.count(actor.username);
    if (raced) throw ownTestNumbersThrottled(raced);
    let subscriber: boolean;
    try {
      subscriber = await calledRecently(number);
    } catch (error) {
      await refusals.uncount(actor.username, counted);
      throw error;
    }
    if (!subscriber) {
      await refusals.succeeded(actor.username, counted);
      return;
    }
    const blocks = await refusals.failed(actor.username, counted);
    const caller = await auditedNumber(options.hasher, number);
    await ctx.audit.record({ actor: actor.username, action: 'binding.testerRefused', target: `binding:${binding.id}`, details: { ...describe(binding), caller } });
    for (const block of blocks) {
      await ctx.audit.record({
        actor: actor.username,
        action: 'binding.testerRefusalsThrottled',
        target: `binding:${binding.id}`,
        details: { ...describe(binding), rule: block.rule, blockedForSeconds: block.retryAfterSeconds },
      });
    }
    throw new BadInputError('forbidden', 'test_number_live_subscriber', 'this number called the production line recently: ask an admin to list it as a tester', { field: 'number' });
  }

  /** A user removes a test number they listed themselves (404 for one they did not: an admin's, another user's). */
  async function removeOwnTestNumber(actor: Actor, id: string, rawNumber: string): Promise<BindingView> {
    const before = await get(id);
    const number = normalizeNumber(rawNumber, options.defaultRegion);
    const mine = before.testers.find((t) => t.number === number && t.addedBy === actor.username);
    if (!mine) throw notFound('own_test_number_not_found', `${rawNumber} is not a test number you listed on this binding`, { field: 'number' });
    const binding = await ctx.store.removeBindingTester(id, mine.number, actor.username, ctx.now());
    // Removed meanwhile (the same user twice at once, or an admin's edit): not theirs to remove any more.
    if (!binding) throw notFound('own_test_number_not_found', `${rawNumber} is not a test number you listed on this binding`, { field: 'number' });
    options.changed?.(binding);
    await ctx.audit.record({
      actor: actor.username,
      action: 'binding.testerRemove',
      target: `binding:${id}`,
      hashBefore: bindingHash(before),
      hashAfter: bindingHash(binding),
      details: { ...describe(binding), number: mine.number },
    });
    return view(binding);
  }

  /**
   * Whether a number's live caller profile (not a preview's) changed in the last
   * LIVE_SUBSCRIBER_DAYS days: one read by key. The profile changes when a contact from the
   * number ends or teaches something (language, remembered variables).
   */
  async function calledRecently(number: string): Promise<boolean> {
    const profile = await ctx.store.recallCaller(number);
    if (!profile) return false;
    const since = Date.parse(ctx.now()) - LIVE_SUBSCRIBER_DAYS * 24 * 3600_000;
    const last = Math.max(Date.parse(profile.updatedAt), profile.lastContact ? Date.parse(profile.lastContact.at) : 0);
    return last >= since;
  }

  /** The approved test numbers (bindings/testNumbers.ts). */
  async function testNumbers(): Promise<TestNumber[]> {
    return testNumbersOf(await ctx.store.listBindings());
  }

  /**
   * Refuses (403 `preview_number_not_test`) a preview that would call the real backends as a
   * number that is not an approved test number: the operator's systems would answer with that
   * subscriber's PUK code and balance. Admins too: the list is the control, and they can add to it.
   * Both outcomes go to the audit log (who read real data as which test number; who tried another
   * number, kept as a digest like an erased caller). `runs`: the draft or version the preview runs.
   */
  async function allowBackendPreview(actor: Actor, flowId: string, callerNumber: string, runs?: 'draft' | number): Promise<void> {
    const number = normalizeNumber(callerNumber, options.defaultRegion);
    const listed = isTestNumber(await ctx.store.listBindings(), number, options.defaultRegion);
    if (listed) {
      await ctx.audit.record({ actor: actor.username, action: 'preview.backend', target: `flow:${flowId}`, details: { number, ...(runs !== undefined ? { runs } : {}) } });
      return;
    }
    await ctx.audit.record({
      actor: actor.username,
      action: 'preview.backendRefused',
      target: `flow:${flowId}`,
      details: { caller: await auditedNumber(options.hasher, number ?? callerNumber.trim()) },
    });
    throw new BadInputError(
      'forbidden',
      'preview_number_not_test',
      `${callerNumber} is not a test number: a preview calls the real backends only as a number an admin listed as a tester on a binding; use mock answers for any other number`,
      {
        field: 'callerNumber',
        params: { number: number ?? callerNumber },
      },
    );
  }

  /** An admin confirms a user's own number (bindings/confirmOwnTestNumber.ts): its calls reach staging from then on. */
  async function confirmOwnTestNumber(actor: Actor, id: string, number: string): Promise<BindingView> {
    return view(await confirmOwnNumber({ ctx, defaultRegion: options.defaultRegion, get, changed: options.changed, hash: bindingHash, describe }, actor, id, number));
  }

  return {
    list,
    get,
    create,
    update,
    remove,
    // Bounded per user and per day too (bindings/ownTestNumberChurn.ts), not only a few at once.
    addOwnTestNumber: withinDailyOwnAdds(ctx, addOwnTestNumber),
    removeOwnTestNumber,
    confirmOwnTestNumber,
    testNumbers,
    allowBackendPreview,
  };
}

const describe = (b: Binding): Record<string, JsonValue> => ({ channel: b.channel, address: b.address, flowId: b.flowId, environment: b.environment });
