import type { Effect, Flow, FlowEvent, JsonValue, Session } from '@griot/flows';
import type { SessionRecord, TurnAnswer } from '../store/types.ts';
import type { SessionVault } from '../sensitive/SessionVault.ts';
import { holdsSensitiveValue } from '../sensitive/holdsSensitiveValue.ts';
import type { QueuedHandoff } from './types.ts';

/**
 * A call's turn kept with its session, for jambonz's retry of a hook whose answer never left
 * (the instance that took the turn died, or stalled past jambonz's timeout): what the turn said,
 * rebuilt into verbs by the instance the retry reaches, without running it again.
 *
 * Only a call's first turn (its call hook's, `start`): jambonz retries the hooks whose URL carries
 * `#rc=…&rp=…`, the calling webhook and the status webhook as set in jambonz; the action hooks
 * Griot writes (gather, queue, dial, continue) are paths, resolved without the fragment and never
 * retried (docs/configuration.md). Kept on a later turn, the answer (~650 bytes in the session row,
 * a digest and the effects) would be written on every turn for a retry that never comes (issue 17,
 * perf27a). Messages have their inbox and outbox for a later delivery instead.
 */
export function keepsAnswer(key: string, event: FlowEvent): boolean {
  return event.type === 'start' && key.startsWith('voice:');
}

/** A short digest of an event: a retry carries the same payload, hence the same event (keyed: `SessionVault.fingerprint`). */
function eventDigest(vault: SessionVault, event: FlowEvent): string {
  return event.type === 'start' ? startDigest(vault) : vault.fingerprint(JSON.stringify(event));
}

const START: string = JSON.stringify({ type: 'start' } satisfies FlowEvent);
const startDigests = new WeakMap<SessionVault, string>();

/**
 * The digest of the call hook's event, the only one an answer is kept for (`keepsAnswer`; `start`
 * has no field, so every call's is the same): `fingerprint` of its JSON as for any event, so that an
 * answer kept before (of a later turn too, perf27a) is recognised as it was, computed once per vault
 * (its keys are fixed) rather than once per call.
 */
function startDigest(vault: SessionVault): string {
  let digest = startDigests.get(vault);
  if (digest === undefined) {
    digest = vault.fingerprint(START);
    startDigests.set(vault, digest);
  }
  return digest;
}

/**
 * The effects as the voice channel renders them again (`renderTurn`), nothing more: a look-up's
 * URL, headers and body (an operator's credentials, the caller's account), the caller's words sent
 * for classification with every intent's examples, a typed number, a score, and the masked copy
 * of a prompt (`redacted`, for transcripts) are not kept with the session. Unchanged effects are
 * kept as they are (no copy).
 */
export function keptEffects(effects: Effect[]): Effect[] {
  const kept: Effect[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'webhook':
        // Performed by the engine; the renderer only notes its node (a slow one's wait prompt follows as a say effect).
        kept.push({ type: 'webhook', node: effect.node } as Effect);
        break;
      case 'say':
        if (effect.redacted === undefined) kept.push(effect);
        else {
          const { redacted: _masked, ...said } = effect;
          kept.push(said);
        }
        break;
      case 'classify':
      case 'score':
      case 'linkCaller':
        break;
      default:
        kept.push(effect);
    }
  }
  return kept;
}

/** What the retry is answered with, once opened. */
export interface KeptAnswer {
  effects: Effect[];
  queued?: QueuedHandoff;
  /** The turn was answered early (a slow look-up): the rest comes through jambonz's redirect. */
  pending?: true;
}

/**
 * The call hook's answer (`start`: `keepsAnswer`) for the turn's own save: sealed with the session's
 * vault when the turn said something masked (a PUK code, a secret: `saysSensitive`), as sensitive
 * variables are; as it is otherwise (nothing in it to mask, and no cipher on every turn of every
 * call: AES-GCM is most of this function's cost, issue 17). A turn that ended the call (a closed
 * line's goodbye) is marked so (`ends`): its ended session keeps it for jambonz's retry until the
 * call's final status drops it (`ConversationService`), or the session's purge when none comes
 * (`storedSession`). So such a goodbye is kept in clear only when it rendered no value (`rendersValue`:
 * a balance from the operator's system, a caller variable, account data the author need not have
 * marked sensitive), sealed when it did, not kept at all without a data key to seal it with nor when
 * it said a masked value (a PUK: a secret does not stay at rest once the contact ended, sealed or
 * not). Undefined: nothing kept, the retry refused as before retry28.
 */
export function answerOf(vault: SessionVault, flow: Flow, key: string, by: string, before: Session, after: Session, effects: Effect[], queued: QueuedHandoff | undefined): TurnAnswer | undefined {
  const ends = after.status === 'ended';
  const secret = saysSensitive(effects);
  if (ends && (secret || saysSensitiveCopy(flow, after, effects))) return undefined;
  const valued = ends && rendersValue(flow, effects);
  if (valued && !vault.seals) return undefined;
  const pending = !ends && (after.wait?.for === 'webhook' || after.wait?.for === 'classifier');
  const kept: KeptAnswer = { effects: keptEffects(effects), ...(queued ? { queued } : {}), ...(pending ? { pending: true as const } : {}) };
  const value = kept as unknown as JsonValue;
  const sealed = secret || valued ? vault.sealValue(key, 'answer', value) : { clear: { value } };
  return { by, turn: before.turns, event: startDigest(vault), sealed, ...(ends ? { ends: true as const } : {}) };
}

const valuedNodes = new WeakMap<Flow, ReadonlySet<string>>();

/**
 * The flow's nodes whose definition holds a placeholder (`{{…}}` in a prompt, a variant, a
 * message): what they say may carry a value from outside the flow (a look-up's result, the caller's
 * memory or number). Read once per flow, and only for a turn that ended the call.
 */
function nodesWithValues(flow: Flow): ReadonlySet<string> {
  let nodes = valuedNodes.get(flow);
  if (nodes === undefined) {
    nodes = new Set(flow.nodes.filter((node) => JSON.stringify(node).includes('{{')).map((node) => node.id));
    valuedNodes.set(flow, nodes);
  }
  return nodes;
}

/** Whether kept effects said something a placeholder rendered (`nodesWithValues`): a prompt's text or a handoff's message. */
function rendersValue(flow: Flow, effects: Effect[]): boolean {
  const nodes = nodesWithValues(flow);
  if (nodes.size === 0) return false;
  return effects.some((e) => ((e.type === 'say' && e.text !== undefined) || e.type === 'handoff') && nodes.has(e.node));
}

/**
 * Whether a goodbye says one of the contact's sensitive values through a copy lint could not see (a
 * second look-up's whole answer kept in a plain variable, `{{answer.puk}}`): the interpreter masks
 * the sensitive variables' placeholders only (`saysSensitive`), and the turn that ends the contact
 * drops such copies from its variables (`SessionVault.seal`, `holdersOf`); kept with the ended
 * session, the goodbye would hold the value at rest after them. Only for a turn that ended the call
 * (its session still holds the values, sealed apart at its save): no cost on any other turn (issue 17).
 */
function saysSensitiveCopy(flow: Flow, after: Session, effects: Effect[]): boolean {
  // Found as the ended session's copies are (`holdsSensitiveValue`: a value, or a word of its own in a text).
  return holdsSensitiveValue(keptEffects(effects) as unknown as JsonValue, flow, [after]);
}

/**
 * Whether kept effects say one of the flow's sensitive values: a prompt that rendered one has a
 * masked copy (`redacted`, what transcripts keep, set by the interpreter whenever a sensitive
 * value or a secret went into it, spelled or not), and so may a callback offer; a handoff's
 * message is counted as saying one (the handoff's context leaves sensitive variables out, its
 * reason is masked). A menu or a question says none: kept in clear, no cipher (issue 17).
 */
function saysSensitive(effects: Effect[]): boolean {
  return effects.some((e) => (e.type === 'say' && e.text !== undefined && e.redacted !== undefined) || (e.type === 'handoff' && (e.message !== undefined || e.offerPrompt?.redacted !== undefined)));
}

/**
 * The kept answer to `event` when it answers the turn the session's last save took (`turn`, or the
 * start of the contact when undefined); null when the record keeps none for it. An ended session's
 * only when the turn it answers is the one that ended it (`ends`).
 */
export function keptAnswerFor(vault: SessionVault, record: SessionRecord, event: FlowEvent, turn: number | undefined): TurnAnswer | null {
  const answer = record.answer;
  if (!answer || (record.session.status === 'ended' && !answer.ends)) return null;
  if (answer.turn !== (turn ?? 0) || answer.event !== eventDigest(vault, event)) return null;
  return answer;
}

export function openAnswer(vault: SessionVault, key: string, answer: TurnAnswer): KeptAnswer | undefined {
  const opened = vault.openValue(key, 'answer', answer.sealed) as unknown as KeptAnswer | undefined;
  return opened && Array.isArray(opened.effects) ? opened : undefined;
}
