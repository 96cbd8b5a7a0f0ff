import { Channel, channelCapabilities, type FlowDiff } from '@griot/flows';
import type { Binding } from '../api/types.ts';

export type Environment = 'staging' | 'production';

/**
 * When a line starts running a new version, as the runtime decides (runtime's resolveEntry reads
 * the version once, when a contact starts, and the session keeps it to its end): a call at the
 * next call; USSD at the next session (the next dial of the code); a messaging channel at the
 * first message of a new conversation: one that ended, or went quiet past its inactivity
 * (connectors' MessagingConversations: the binding's `inactivityMinutes`, else the server's
 * GRIOT_SESSION_TTL_MINUTES), since an ongoing one keeps the version it started with.
 */
export type Takes = 'call' | 'session' | 'conversation';

/** One line a version reaches in an environment: a binding, for everyone or for its test numbers only. */
export interface LineReached {
  bindingId: string;
  channel: string;
  address: string;
  /** How many test numbers reach it (staging through a line that answers production): null when every caller does. */
  testers: number | null;
  takes: Takes;
  /** The binding's own inactivity (messaging), when it sets one. */
  inactivityMinutes?: number;
}

export const takesOf = (channel: string): Takes => (channel === 'voice' ? 'call' : channel === 'ussd' ? 'session' : 'conversation');

/** A user's own phone no admin confirmed yet routes nothing (runtime's `isPendingTester`). */
const routesToStaging = (t: NonNullable<Binding['testers']>[number] & { addedBy?: string; confirmedAt?: string }) =>
  t.version === undefined && (t.addedBy === undefined || t.confirmedAt !== undefined);

/**
 * The lines of a flow that serve the version put in `environment`: its bindings to that
 * environment (everyone who calls or writes there) and, for staging, the lines whose listed
 * test numbers reach staging (runtime's `routeOf`: a tester without a version of their own).
 */
export function linesReached(bindings: readonly Binding[], flowId: string, environment: Environment): LineReached[] {
  const lines: LineReached[] = [];
  for (const b of bindings) {
    if (b.flowId !== flowId) continue;
    const testers = environment === 'staging' && b.environment !== 'staging' ? (b.testers ?? []).filter(routesToStaging).length : null;
    if (b.environment !== environment && !testers) continue;
    const minutes = (b as Binding & { settings?: Record<string, unknown> }).settings?.inactivityMinutes;
    lines.push({
      bindingId: b.id,
      channel: b.channel,
      address: b.address,
      testers,
      takes: takesOf(b.channel),
      ...(typeof minutes === 'number' && minutes > 0 && takesOf(b.channel) === 'conversation' ? { inactivityMinutes: minutes } : {}),
    });
  }
  // Always in the same order: by channel, then address.
  return lines.sort((a, b) => a.channel.localeCompare(b.channel) || a.address.localeCompare(b.address));
}

/** What a version changes for one channel: its own wordings (variants it picks), and what every channel gets. */
export interface ChannelChange {
  /** Prompt variants this channel uses that changed (by its id, or how it answers: keypad, buttons, numbered). */
  own: number;
  /** Changes every channel gets: blocks, links, the locales' own texts, variables, settings. */
  shared: number;
}

const VARIANT = /(?:^|\.)variants\.([a-z][a-z0-9]*)(?:\.|$)/;
/** Not heard by anyone: the canvas (position, name, notes) and translation bookkeeping. */
const UNHEARD = /^(?:position|label|notes)(?:\.|$)|(?:^|\.)(?:sourceStamp|audioSourceStamp|audioFile|needsReview)$|(?:^|\.)labelSourceStamps(?:\.|$)/;
/** Flow fields a caller meets; the rest (name, description, tests, layout) no caller does. */
const HEARD_FLOW_FIELDS = /^(?:locales|variables|settings)(?:\.|$)/;

/** The channels a variant key is picked on (flows' `wordingKeys`): a channel's own id, or a way of answering. */
export function channelsOfVariant(key: string): Channel[] {
  const all = Channel.options;
  if ((all as readonly string[]).includes(key)) return [key as Channel];
  const caps = (c: Channel) => channelCapabilities[c];
  if (key === 'keypad') return all.filter((c) => caps(c).keypad);
  if (key === 'buttons') return all.filter((c) => caps(c).buttons !== undefined || caps(c).list !== undefined);
  if (key === 'numbered') return all.filter((c) => !caps(c).spoken);
  return []; // lint reports it; the interpreter never picks it
}

/** The dotted paths of the leaves inside a value; none for an absent side (a part added or removed whole is read from the other). */
function leavesOf(value: unknown, prefix: string): string[] {
  if (value === undefined) return [];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => leavesOf(v, `${prefix}.${k}`));
  if (Array.isArray(value)) return value.flatMap((v, i) => leavesOf(v, `${prefix}.${i}`));
  return [prefix];
}

/**
 * Reads the versions' diff (flows' `diffFlows`, the one the versions panel shows) per channel:
 * a changed variant counts once (text and recording together) for the channels that pick it;
 * anything else callers meet counts once per block, link or flow setting, for every channel.
 */
export function changesByChannel(diff: FlowDiff): Record<Channel, ChannelChange> {
  const own = new Map<Channel, Set<string>>();
  const shared = new Set<string>();
  for (const node of diff.nodes.changed) {
    for (const f of node.fields) {
      for (const leaf of new Set([...leavesOf(f.before, f.field), ...leavesOf(f.after, f.field)])) {
        if (UNHEARD.test(leaf)) continue;
        const variant = VARIANT.exec(leaf);
        if (!variant?.[1]) {
          shared.add(`node:${node.id}`);
          continue;
        }
        const unit = `${node.id}:${leaf.slice(0, variant.index + variant[0].replace(/\.$/, '').length)}`;
        for (const channel of channelsOfVariant(variant[1])) {
          if (!own.has(channel)) own.set(channel, new Set());
          own.get(channel)?.add(unit);
        }
      }
    }
  }
  for (const n of [...diff.nodes.added, ...diff.nodes.removed]) shared.add(`node:${n.id}`);
  for (const id of [...diff.edges.added, ...diff.edges.removed, ...diff.edges.retargeted.map((e) => e.id)]) shared.add(`edge:${id}`);
  for (const f of diff.flow) if (HEARD_FLOW_FIELDS.test(f.field)) shared.add(`flow:${f.field.split('.')[0]}`);
  return Object.fromEntries(Channel.options.map((c) => [c, { own: own.get(c)?.size ?? 0, shared: shared.size }])) as Record<Channel, ChannelChange>;
}
