import type { Channel, JsonValue } from '@griot/flows';
import type { BindingInput, BindingView, EnvironmentName } from './adminApi.ts';
import { channelKindOf, type ChannelKind, type SettingField } from './channelKinds.ts';

export type Settings = Record<string, JsonValue>;

export interface TesterDraft {
  /** Stable React key of the row. */
  key: string;
  number: string;
  version: number | null;
  locale: string | null;
}

/** The binding form as the admin fills it. */
export interface BindingDraft {
  channel: Channel;
  address: string;
  flowId: string | null;
  environment: EnvironmentName;
  testers: TesterDraft[];
  settings: Settings;
}

/** What is wrong with a field: a dictionary key (with values), or a message already in the user's language. */
export type FieldError = { key: string; values?: Record<string, string | number> } | { message: string };
export type FormErrors = Record<string, FieldError>;

let rows = 0;
export const newTester = (): TesterDraft => ({ key: `tester-${++rows}`, number: '', version: null, locale: null });

export function draftOf(binding: BindingView | null): BindingDraft {
  if (!binding) return { channel: 'voice', address: '', flowId: null, environment: 'production', testers: [], settings: {} };
  return {
    channel: binding.channel as Channel,
    address: binding.address,
    flowId: binding.flowId,
    environment: binding.environment,
    testers: binding.testers.map((t) => ({ ...newTester(), number: t.number, version: t.version ?? null, locale: t.locale ?? null })),
    settings: binding.settings,
  };
}

const isObject = (value: JsonValue | undefined): value is { [key: string]: JsonValue } => typeof value === 'object' && value !== null && !Array.isArray(value);

export function settingAt(settings: Settings, path: string): JsonValue | undefined {
  let value: JsonValue | undefined = settings;
  for (const part of path.split('.')) value = isObject(value) ? value[part] : undefined;
  return value;
}

/** `settings` with `path` set, or removed when `value` is undefined or empty (and parents left empty removed too). */
export function withSetting(settings: Settings, path: string, value: JsonValue | undefined): Settings {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const next = { ...settings };
  const empty = value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value));
  if (rest.length === 0) {
    if (empty) delete next[head];
    else next[head] = value;
    return next;
  }
  const child = withSetting(isObject(next[head]) ? next[head] : {}, rest.join('.'), value);
  if (Object.keys(child).length === 0) delete next[head];
  else next[head] = child;
  return next;
}

export const isShown = (field: SettingField, settings: Settings) => !field.when || settingAt(settings, field.when.path) === field.when.equals;

/** Settings of fields hidden by another setting are dropped (a SIP address once the handoff queues again); unknown keys are kept. */
export function cleanSettings(kind: ChannelKind, settings: Settings): Settings {
  return kind.settings.filter((f) => !isShown(f, settings)).reduce((s, f) => withSetting(s, f.path, undefined), settings);
}

/** What the flow offers to choose from, once loaded. */
export interface FlowChoices {
  versions: number[];
  locales: string[];
}

/** Everything the server would refuse or the connector would ignore, by field (`address`, `testers.0.number`, `settings.tts.vendor`). */
export function validateDraft(draft: BindingDraft, flow: FlowChoices | null): FormErrors {
  const errors: FormErrors = {};
  const kind = channelKindOf(draft.channel);
  if (!kind) return { channel: { key: 'admin.bindings.errors.channel' } };
  const address = draft.address.trim();
  if (address === '') errors.address = { key: 'admin.errors.required' };
  else if (!kind.address.pattern.test(address)) errors.address = { key: `admin.channels.${draft.channel}.addressInvalid` };
  if (!draft.flowId) errors.flowId = { key: 'admin.errors.required' };
  const seen = new Set<string>();
  draft.testers.forEach((tester, i) => {
    const number = tester.number.replace(/[\s.()-]/g, '');
    if (number === '') errors[`testers.${i}.number`] = { key: 'admin.errors.required' };
    else if (!/^\+?[0-9]{3,20}$/.test(number)) errors[`testers.${i}.number`] = { key: 'admin.bindings.errors.testerNumber' };
    else if (seen.has(number)) errors[`testers.${i}.number`] = { key: 'admin.bindings.errors.testerTwice' };
    seen.add(number);
    if (tester.version !== null && flow && !flow.versions.includes(tester.version)) {
      errors[`testers.${i}.version`] = { key: 'admin.bindings.errors.noSuchVersion', values: { n: tester.version } };
    }
    if (tester.locale !== null && flow && !flow.locales.includes(tester.locale)) {
      errors[`testers.${i}.locale`] = { key: 'admin.bindings.errors.noSuchLocale', values: { locale: tester.locale } };
    }
  });
  const parsed = kind.settingsSchema.safeParse(cleanSettings(kind, draft.settings));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[`settings.${issue.path.join('.')}`] ??= { message: issue.message };
  }
  return errors;
}

/** The request body: testers without their row keys, settings without the hidden fields' values. */
export function inputOf(draft: BindingDraft): BindingInput {
  const kind = channelKindOf(draft.channel);
  return {
    channel: draft.channel,
    address: draft.address.trim(),
    flowId: draft.flowId ?? '',
    environment: draft.environment,
    // Kept even where the form hides them (set over the API on a web chat binding): saving must not lose them.
    testers: draft.testers.map((t) => ({ number: t.number.trim(), ...(t.version !== null ? { version: t.version } : {}), ...(t.locale ? { locale: t.locale } : {}) })),
    settings: kind ? cleanSettings(kind, draft.settings) : draft.settings,
  };
}
