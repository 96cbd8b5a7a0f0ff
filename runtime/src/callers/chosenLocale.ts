import { matchChoice, type Effect, type Flow, type FlowEvent, type Session } from '@griot/flows';

/**
 * The language the caller chose during a turn, if any. A `locale` effect says so when the
 * language changed; choosing the language the contact already had (French, the default) emits
 * none, yet it is a choice worth remembering, so the answer to a language node counts too.
 */
export function chosenLocale(flow: Flow, before: Session, event: FlowEvent, effects: Effect[]): string | undefined {
  const changed = effects.reduce<string | undefined>((last, e) => (e.type === 'locale' ? e.locale : last), undefined);
  if (changed !== undefined) return changed;
  if (before.wait?.for !== 'caller') return undefined;
  const node = flow.nodes.find((n) => n.id === before.wait?.node);
  if (node?.type !== 'language') return undefined;
  const names = new Map(flow.locales.map((l) => [l.code, l.name]));
  const choices = node.options.map((o) => ({ id: o.locale, key: o.key, words: [o.locale, names.get(o.locale) ?? o.locale] }));
  return matchChoice(choices, event)?.id;
}
