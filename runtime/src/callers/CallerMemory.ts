import { canonicalJson, formerNamesHeld, ownValue, underCurrentNames, type CallerInfo, type Flow, type JsonValue, type LocaleEffect, type Session } from '@griot/flows';
import { previewKeyPrefix, type CallerChanges, type ContactSummary, type RecalledCaller, type Store } from '../store/types.ts';
import type { Logger } from '../logger.ts';
import { withClaimedHints } from '../store/callerLinks.ts';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import { holdsSensitiveValue } from '../sensitive/holdsSensitiveValue.ts';

export { CONTACTS_KEPT } from '../store/callerChanges.ts';
export type ProfileChanges = CallerChanges;

/**
 * Where a caller's memory is kept: under the number for live traffic; for a preview, under the
 * user who started it and the number (`preview:<userId>:<number>`), so a tester sees memory at
 * work (the second call skips the language menu) without touching a real subscriber's profile,
 * and what a tester's previews taught is theirs alone, as their preview transcripts are.
 * `previewOf`: the preview's starter (`previewOwnerOf`), null for live traffic.
 */
export function profileKey(number: string, previewOf: string | null): string {
  return previewOf === null ? number : `${previewKeyPrefix(previewOf)}${number}`;
}

/**
 * Who started a preview session, from its key (`preview:<userId>:<id>`, previewRoutes.ts);
 * empty when the key names nobody: its memory is then no reader's.
 */
export function previewOwnerOf(sessionKey: string): string {
  const rest = sessionKey.startsWith('preview:') ? sessionKey.slice('preview:'.length) : '';
  const end = rest.indexOf(':');
  return end < 0 ? '' : rest.slice(0, end);
}

/** The memory owner of a contact: the preview's starter, or null for live traffic. */
export const memoryOwnerOf = (contact: { key: string; preview: boolean }): string | null => (contact.preview ? previewOwnerOf(contact.key) : null);

/** What a turn did that its caller's profile may learn, besides the values it left (`CallerMemory.changesOf`). */
export interface TurnActs {
  /** The turn's last `locale` effect: a language chosen, or one kept without asking (`known`). */
  locale?: LocaleEffect | undefined;
  /** The variables the turn assigned, even to the value they held (`StepResult.assigned`). */
  assigned?: ReadonlySet<string> | undefined;
}

const persistedByFlow = new WeakMap<Flow, string[]>();

/** Variables remembered across contacts: declared `persist`, and never sensitive ones nor their copies (per parsed flow, which is cached). */
function persistedVariables(flow: Flow): string[] {
  let names = persistedByFlow.get(flow);
  if (!names) {
    const sensitive = sensitiveNamesOf(flow);
    names = flow.variables.filter((v) => v.persist && !sensitive.has(v.name)).map((v) => v.name);
    persistedByFlow.set(flow, names);
  }
  return names;
}

/**
 * What Griot remembers of a caller, read at the start of a contact and changed as it goes: the
 * language chosen, `persist` variables, the channel used last and a short contact history. The
 * changes are saved with the turn that made them (`Store.saveTurn`), which applies them to the
 * stored profile atomically, so a voice call and a WhatsApp chat from the same subscriber do not
 * overwrite each other's changes.
 */
export class CallerMemory {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /**
   * What a new contact needs of the profile: not its history, but its last contact (containment).
   * `claimed`: a number the caller typed (an unverified link), of whose profile only the language
   * is read (`withClaimedHints`).
   */
  async recall(number: string, previewOf: string | null, claimed?: string | null): Promise<RecalledCaller | null> {
    if (!claimed) return this.store.recallCaller(profileKey(number, previewOf));
    const [own, theirs] = await Promise.all([this.store.recallCaller(profileKey(number, previewOf)), this.store.recallCaller(profileKey(claimed, previewOf))]);
    return withClaimedHints(own, theirs, number);
  }

  /**
   * The caller as the flow sees it, from the profile. A tester's number listed with a language
   * (`testerLocale`) is known in that language, whatever the profile says: the tester hears the
   * flow as a subscriber who chose it, without the language menu (a node that skips it when the
   * language is known); listed without one, they hear it as any caller.
   */
  callerInfo(number: string, profile: RecalledCaller | null, isTester: boolean, testerLocale?: string): CallerInfo {
    const knownLocale = (isTester ? testerLocale : undefined) ?? profile?.preferredLocale;
    return {
      number,
      ...(knownLocale ? { knownLocale } : {}),
      ...(profile?.lastChannel ? { lastChannel: profile.lastChannel } : {}),
      ...(isTester ? { isTester: true } : {}),
    };
  }

  /** Remembered `persist` variables, to preload into a new session. */
  preloadVariables(flow: Flow, profile: RecalledCaller | null): Record<string, JsonValue> {
    const vars: Record<string, JsonValue> = {};
    if (!profile) return vars;
    // Remembered under a name the variable had before a rename (a version published before it): read under its name now.
    const remembered = underCurrentNames(flow, profile.variables as Record<string, JsonValue>);
    for (const name of persistedVariables(flow)) {
      // What the profile holds: a variable named `constructor` or `toString` is not JavaScript's.
      const value = ownValue(remembered, name) as JsonValue | undefined;
      if (value !== undefined) vars[name] = value;
    }
    return vars;
  }

  /**
   * Whether the profile holds a value under a former name of one of the flow's remembered
   * variables (a move to make, `movedFormerNames`). No work on a flow without former names.
   */
  holdsFormerNames(flow: Flow, profile: RecalledCaller | null): boolean {
    return profile !== null && formerNamesHeld(flow, profile.variables as Record<string, JsonValue>, persistedVariables(flow)).length > 0;
  }

  /**
   * The profile moved to the flow's current names, once: the values `preloadVariables` read under
   * former names of `persist` variables, written under the current names, and those former names
   * forgotten (`CallerChanges.forget`), saved with the contact's first turn. The profile then
   * stops growing with every rename, the next contacts read it as it is, and a former name given
   * later to another variable does not read what the renamed one remembered. `keep`: names another
   * flow in service still reads from profiles (`RememberedElsewhere`), never forgotten: a variable
   * whose former names are all kept is not moved (this flow goes on reading it under the former
   * name). The move carries what it was made from (`CallerChanges.read`): the store applies it only
   * to a profile that still holds that, so a contact that read the profile before another moved it
   * (or wrote a newer value) writes no older value back. Null when there is nothing to move.
   */
  movedFormerNames(flow: Flow, profile: RecalledCaller | null, keep: ReadonlySet<string> = new Set()): CallerChanges | null {
    if (!profile) return null;
    const names = persistedVariables(flow);
    const held = profile.variables as Record<string, JsonValue>;
    const forgettable = (name: string) => formerNamesHeld(flow, held, [name]).filter((former) => !keep.has(former));
    const forget = names.flatMap(forgettable);
    if (forget.length === 0) return null;
    const remembered = this.preloadVariables(flow, profile);
    // Only the variables that had a former name to forget: their value, moved or already there (a
    // write that forgets sets at least one value, `CallerChanges.forget`).
    const owners = names.filter((name) => forgettable(name).length > 0 && Object.hasOwn(remembered, name));
    const variables = Object.fromEntries(owners.map((name) => [name, remembered[name] as JsonValue]));
    if (Object.keys(variables).length === 0) return null;
    // What the move was made from: the store applies it only to a profile that still holds it (a
    // contact of the same caller may have moved it, or written a newer value, since this one read it).
    const read = Object.fromEntries([...owners, ...forget].map((name) => [name, Object.hasOwn(held, name) ? { value: held[name] as JsonValue } : null]));
    return { variables, forget, read };
  }

  /**
   * What a turn teaches about the caller: the language they chose, `persist` variables that
   * changed or that the turn assigned and, when the contact ended, its summary. Null when there is
   * nothing to write. A language chosen is written even when it is the one the contact started in,
   * and a variable assigned even to the value it held (the caller set it again, or the operator's
   * system said it again): another contact of theirs may have written another one meanwhile, and
   * this is the later choice. A language kept without asking (`LocaleEffect.known`: the menu
   * skipped for a returning caller) is no choice: not written.
   */
  changesOf(flow: Flow, before: Session, after: Session, acts: TurnActs | undefined, contact?: ContactSummary): CallerChanges | null {
    const variables: Record<string, JsonValue> = {};
    for (const name of persistedVariables(flow)) {
      const value = ownValue(after.vars, name) as JsonValue | undefined;
      if (value === undefined) continue;
      if (!acts?.assigned?.has(name) && canonicalJson(value) === canonicalJson(ownValue(before.vars, name) as JsonValue | undefined)) continue;
      // The backstop behind lint: a value that holds one of the contact's sensitive values
      // (copied in a way lint cannot see) is never written to the profile.
      if (holdsSensitiveValue(value, flow, [before, after])) {
        this.log.warn(
          { event: 'caller.sensitiveNotRemembered', flowId: after.flowId, flowVersion: after.flowVersion, variable: name },
          `${name} holds a sensitive value of the contact: it is not remembered in the caller's profile`,
        );
        continue;
      }
      variables[name] = value;
    }
    const locale = acts?.locale && !acts.locale.known ? acts.locale.locale : undefined;
    const changes: CallerChanges = {
      ...(locale !== undefined ? { preferredLocale: locale } : {}),
      ...(Object.keys(variables).length > 0 ? { variables } : {}),
      ...(contact ? { contact } : {}),
    };
    return Object.keys(changes).length > 0 ? changes : null;
  }
}
