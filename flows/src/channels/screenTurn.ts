import type { Channel } from '../schema/common.ts';
import type { Edge } from '../schema/edge.ts';
import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import type { Effect } from '../interpreter/types.ts';
import type { ChannelCapabilities } from './channelCapabilities.ts';
import { planMenu } from './planMenu.ts';
import { encodedLength, outsideGsm7 } from './planSms.ts';
import { pickWording, withoutPlaceholders, wordingKeys } from './promptWording.ts';
import type { ReplyOption } from './replies.ts';
import { renderScreens } from './renderScreens.ts';
import { screenText } from './screenText.ts';

/** A message said before a prompt in the same turn: its node and its wording on the channel. */
export interface SaidBefore {
  node: string;
  text: string;
}

/** How far back a chain of messages is followed (a welcome, a notice, a promotion…). */
const MAX_CHAIN = 6;

/** The nodes of a flow by id and its edges by target: made once for many `saidBefore` calls (lint walks every node). */
export interface FlowIndex {
  byId: ReadonlyMap<string, FlowNode>;
  into: ReadonlyMap<string, readonly Edge[]>;
}

export function indexFlow(flow: Flow): FlowIndex {
  const into = new Map<string, Edge[]>();
  for (const edge of flow.edges) {
    const list = into.get(edge.target);
    if (list) list.push(edge);
    else into.set(edge.target, [edge]);
  }
  return { byId: new Map(flow.nodes.map((n) => [n.id, n])), into };
}

/**
 * The messages said just before `nodeId` in the same turn, on `channel` in `locale`: the chain of
 * message nodes leading to it (a message does not wait, so what it says shares the turn, and on
 * USSD the screen, with what follows). A node reached from several places is measured at its
 * longest chain (a welcome before the main menu, nothing when the subscriber comes back to it).
 * Each message in the wording the channel gets (`pickWording`, its variant included); one with no
 * text there (a recording) shows nothing. `index`: the flow's nodes and edges, made once by a
 * caller that asks about many nodes (lint).
 */
export function saidBefore(flow: Flow, nodeId: string, locale: string, channel: Channel, capabilities: ChannelCapabilities, index: FlowIndex = indexFlow(flow)): SaidBefore[] {
  const { byId, into } = index;
  const keys = wordingKeys(channel, undefined, capabilities);
  const chainTo = (id: string, seen: ReadonlySet<string>): SaidBefore[] => {
    if (seen.size > MAX_CHAIN) return [];
    let longest: SaidBefore[] = [];
    let longestLength = -1;
    for (const edge of into.get(id) ?? []) {
      if (seen.has(edge.source)) continue;
      const source = byId.get(edge.source);
      if (source?.type !== 'message') continue;
      const version = source.prompt[locale];
      const text = version ? pickWording(version, keys).text : undefined;
      const chain = [...chainTo(source.id, new Set([...seen, source.id])), ...(text ? [{ node: source.id, text }] : [])];
      const length = chain.reduce((sum, said) => sum + said.text.length, 0);
      if (length > longestLength) {
        longest = chain;
        longestLength = length;
      }
    }
    return longest;
  };
  return chainTo(nodeId, new Set([nodeId]));
}

/**
 * A turn as a screen-at-a-time channel (USSD) shows it when it ends at a prompt: the texts said
 * before it in the same turn, the prompt, and its menu's numbered lines, rendered by
 * `renderScreens` (the connector's and the simulator's own rendering, paging words included).
 * `length` is the turn's text (placeholders counted as empty, SSML gone), `screens` how many
 * screens it takes: more than one, and the subscriber pages before seeing all of it.
 */
export function screenTurnFootprint(
  before: readonly string[],
  text: string,
  capabilities: ChannelCapabilities,
  menu?: readonly ReplyOption[],
): { length: number; limit: number; screens: number; withMenu: boolean } {
  const paging = capabilities.pages;
  if (!paging) throw new RangeError(`${capabilities.label} shows messages, not screens`);
  const say = (said: string): Effect => ({ type: 'say', node: '', locale: '', text: withoutPlaceholders(said) });
  const effects: Effect[] = [...before, text].map(say);
  const withMenu = menu !== undefined && menu.length > 0 && planMenu(menu, capabilities) === 'numbered';
  // The menu waiting for the answer: its numbered lines, and its keys (an option keyed 0 takes the back key's place).
  if (withMenu) {
    const options = menu.map((o) => ({ ...o, synonyms: [] }));
    effects.push({ type: 'ask', node: '', kind: 'choice', locale: '', options, timeoutSeconds: 0, bargeIn: false, speech: false, hints: [], retry: 0 });
  }
  const shown = screenText(effects, capabilities, []) ?? '';
  const screens = renderScreens(effects, { capabilities, locale: 'en' }).pages.length;
  // A character GSM 03.38 lacks makes the screen UCS-2: it holds fewer characters.
  const limit = outsideGsm7(shown).length > 0 ? paging.ucs2ScreenMaxLength : paging.screenMaxLength;
  // Its GSM 03.38 extension characters (`€`, `[`) take two septets each.
  return { length: encodedLength(shown), limit, screens, withMenu };
}
