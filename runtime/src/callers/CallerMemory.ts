import { canonicalJson, type CallerInfo, type Channel, type Flow, type JsonValue, type Session } from '@griot/flows';
import type { CallerProfile, ContactSummary, Store } from '../store/types.ts';
import { KeyedQueue } from '../conversations/KeyedQueue.ts';

export interface ProfileChanges {
  lastChannel?: Channel;
  preferredLocale?: string;
  variables?: Record<string, JsonValue>;
  contact?: ContactSummary;
}

/** Contacts kept in a profile: enough for the agent's history, small enough to load on every call. */
export const CONTACTS_KEPT = 20;

/**
 * Preview sessions remember testers under their own key, so a tester sees memory at work
 * (the second call skips the language menu) without touching a real subscriber's profile.
 */
export function profileKey(number: string, preview: boolean): string {
  return preview ? `preview:${number}` : number;
}

/** Variables remembered across contacts: declared `persist`, and never sensitive ones. */
function persistedVariables(flow: Flow): string[] {
  return flow.variables.filter((v) => v.persist && !v.sensitive).map((v) => v.name);
}

/**
 * What Griot remembers of a caller, read at the start of a contact and written as it goes: the
 * language chosen, `persist` variables, the channel used last and a short contact history.
 * Writes to one profile are serialized, so a voice call and a WhatsApp chat from the same
 * subscriber do not overwrite each other's changes.
 */
export class CallerMemory {
  private readonly writes = new KeyedQueue();

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  recall(number: string, preview: boolean): Promise<CallerProfile | null> {
    return this.store.getCaller(profileKey(number, preview));
  }

  /** The caller as the flow sees it, from the profile. */
  callerInfo(number: string, profile: CallerProfile | null, isTester: boolean): CallerInfo {
    return {
      number,
      ...(profile?.preferredLocale ? { knownLocale: profile.preferredLocale } : {}),
      ...(profile?.lastChannel ? { lastChannel: profile.lastChannel } : {}),
      ...(isTester ? { isTester: true } : {}),
    };
  }

  /** Remembered `persist` variables, to preload into a new session. */
  preloadVariables(flow: Flow, profile: CallerProfile | null): Record<string, JsonValue> {
    const vars: Record<string, JsonValue> = {};
    if (!profile) return vars;
    for (const name of persistedVariables(flow)) {
      const value = profile.variables[name];
      if (value !== undefined) vars[name] = value;
    }
    return vars;
  }

  /**
   * What a turn teaches about the caller: the language they chose, `persist` variables that
   * changed and, when the contact ended, its summary. Null when there is nothing to write.
   */
  changesOf(flow: Flow, before: Session, after: Session, locale: string | undefined, contact?: ContactSummary): ProfileChanges | null {
    const variables: Record<string, JsonValue> = {};
    for (const name of persistedVariables(flow)) {
      const value = after.vars[name];
      if (value !== undefined && canonicalJson(value) !== canonicalJson(before.vars[name])) variables[name] = value;
    }
    const changes: ProfileChanges = {
      ...(locale !== undefined ? { preferredLocale: locale } : {}),
      ...(Object.keys(variables).length > 0 ? { variables } : {}),
      ...(contact ? { contact } : {}),
    };
    return Object.keys(changes).length > 0 ? changes : null;
  }

  /** Writes changes in one update; a finished contact also sets the channel used last. */
  remember(number: string, preview: boolean, changes: ProfileChanges): Promise<void> {
    return this.update(number, preview, (profile) => {
      if (changes.lastChannel !== undefined) profile.lastChannel = changes.lastChannel;
      if (changes.preferredLocale !== undefined) profile.preferredLocale = changes.preferredLocale;
      if (changes.variables) Object.assign(profile.variables, changes.variables);
      if (changes.contact) {
        profile.lastChannel = changes.contact.channel;
        profile.contacts = [...profile.contacts, changes.contact].slice(-CONTACTS_KEPT);
      }
    });
  }

  private update(number: string, preview: boolean, change: (profile: CallerProfile) => void): Promise<void> {
    const key = profileKey(number, preview);
    return this.writes.run(key, async () => {
      const at = this.clock().toISOString();
      const current = await this.store.getCaller(key);
      const profile: CallerProfile = current
        ? { ...current, contacts: [...current.contacts], variables: { ...current.variables } }
        : { number: key, contacts: [], variables: {}, createdAt: at, updatedAt: at };
      change(profile);
      profile.updatedAt = at;
      await this.store.putCaller(profile);
    });
  }
}
