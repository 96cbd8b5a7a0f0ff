import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import type { Channel } from '../schema/common.ts';
import { nodeDefinitions } from '../nodes/registry.ts';
import type { NodeDefinition } from '../nodes/definition.ts';
import { channelCapabilities } from '../channels/channelCapabilities.ts';
import type { LintIssue } from './types.ts';
import { reachableFrom, successors } from './graph.ts';

type AnyDefinition = NodeDefinition<FlowNode['type']>;

/**
 * What only matters on the channels a flow is bound to, read from their rows of the capabilities
 * table: on a screen-at-a-time channel (USSD), menus whose keys are paging keys or cannot be typed
 * as an answer (a menu longer than one screen is `prompt.tooLongForChannel`); on a channel that cannot play recordings,
 * the locales whose prompts are recordings only (one warning per locale).
 */
export function lintForChannels(flow: Flow, channels: readonly Channel[], add: (issue: LintIssue) => void): void {
  const bound = [...new Set(channels)];
  for (const channel of bound) {
    const row = channelCapabilities[channel];
    if (row.pages) for (const node of flow.nodes) if (node.type === 'menu') lintMenuKeys(node, channel, add);
    if (!row.audio && !row.spoken) lintAudioOnlyLocales(flow, channel, add);
    if (row.pages) lintHandoffWording(flow, channel, add);
  }
}

/**
 * On a screen-at-a-time channel (USSD) a handoff closes the session: the subscriber is called
 * back ("Un conseiller vous rappellera…"). A message said just before it, written for a call
 * ("Merci de patienter"), shows on that last screen as it is, unless it has a variant for the
 * channel: one hint per such message of a handoff the flow can reach.
 */
function lintHandoffWording(flow: Flow, channel: Channel, add: (issue: LintIssue) => void): void {
  const start = flow.nodes.find((n) => n.type === 'start');
  if (!start) return;
  const reached = reachableFrom(start.id, successors(flow));
  const source = flow.locales[0]?.code ?? '';
  const label = channelCapabilities[channel].label;
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const warned = new Set<string>();
  for (const handoff of flow.nodes) {
    if (handoff.type !== 'handoff' || !reached.has(handoff.id)) continue;
    for (const edge of flow.edges) {
      const before = edge.target === handoff.id ? byId.get(edge.source) : undefined;
      if (before?.type !== 'message' || warned.has(before.id) || !reached.has(before.id)) continue;
      const version = before.prompt[source];
      if (!version?.text?.trim() || version.variants?.[channel]?.text?.trim()) continue;
      warned.add(before.id);
      add({
        severity: 'warning',
        code: 'handoff.screenWording',
        node: before.id,
        field: `prompt.${source}`,
        params: { channel, handoff: handoff.id },
        message: `on ${label}, ${handoff.id} closes the session (an agent calls back): ${before.id} shows its wording for calls on that last screen; give it a ${channel} variant (no "please hold")`,
      });
    }
  }
}

/** Menu keys a paged screen's subscriber cannot use. */
function lintMenuKeys(node: Extract<FlowNode, { type: 'menu' }>, channel: Channel, add: (issue: LintIssue) => void): void {
  const row = channelCapabilities[channel];
  const paging = row.pages!;
  const label = row.label;
  for (const option of node.options) {
    if (option.key === paging.backKey) {
      add({
        severity: 'warning',
        code: 'menu.pagingKey',
        node: node.id,
        field: 'options',
        params: { channel, key: option.key },
        message: `on ${label}, ${paging.backKey} also goes back a screen: where ${node.id} needs more than one screen, its option ${option.key} wins and the subscriber cannot page back`,
      });
    } else if (option.key === '*') {
      // The gateway joins the subscriber's answers with `*`: a `*` typed alone cannot be told from that.
      add({
        severity: 'warning',
        code: 'menu.unanswerableKey',
        node: node.id,
        field: 'options',
        params: { channel, key: option.key },
        message: `on ${label}, answers are joined with *: option * of ${node.id} cannot be chosen (use a digit)`,
      });
    }
  }
  // A menu longer than one screen is `prompt.tooLongForChannel` (lintPromptWording: measured on the
  // wording USSD gets, its variant included), not a second warning here.
}

function lintAudioOnlyLocales(flow: Flow, channel: Channel, add: (issue: LintIssue) => void): void {
  const label = channelCapabilities[channel].label;
  const fallback = flow.locales[0];
  for (const locale of flow.locales) {
    const shownInstead: string[] = [];
    const notShown: string[] = [];
    for (const node of flow.nodes) {
      const definition = nodeDefinitions[node.type] as unknown as AnyDefinition;
      for (const text of definition.texts?.(node) ?? []) {
        if (text.kind !== 'prompt') continue;
        const version = text.prompt[locale.code];
        if (!version?.audio || version.text?.trim()) continue;
        // A language menu says each language's line in that language only: no other text replaces it.
        const replaced = node.type !== 'language' && locale.code !== fallback?.code && Boolean(text.prompt[fallback?.code ?? '']?.text?.trim());
        (replaced ? shownInstead : notShown).push(node.id);
      }
    }
    const nodes = [...new Set([...shownInstead, ...notShown])];
    if (nodes.length === 0) continue;
    const named = nodes.slice(0, 5).join(', ') + (nodes.length > 5 ? '…' : '');
    add({
      severity: 'warning',
      code: 'prompt.audioOnly',
      field: `locales.${locale.code}`,
      params: { channel, locale: locale.code, prompts: String(nodes.length), fallback: fallback?.code ?? '' },
      message:
        `on ${label}, which cannot play recordings, ${nodes.length} ${locale.name} prompt(s) have audio only (${named}): ` +
        (shownInstead.length > 0 ? `${fallback?.name} text is shown instead` : '') +
        (shownInstead.length > 0 && notShown.length > 0 ? '; ' : '') +
        (notShown.length > 0 ? `${notShown.length} show nothing (${[...new Set(notShown)].slice(0, 5).join(', ')})` : '') +
        `; give them ${locale.name} text to show them in ${locale.name}`,
    });
  }
}
