import type { Channel } from '../schema/common.ts';
import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import { channelCapabilities } from '../channels/channelCapabilities.ts';
import { planMenu } from '../channels/planMenu.ts';
import type { LintIssue } from './types.ts';

/** The channels whose native menus lint checks, with the warning each gets. */
export const MENU_LIMIT_CHECKS = [
  { channel: 'whatsapp', code: 'menu.whatsappLimits' },
  { channel: 'messenger', code: 'menu.messengerLimits' },
  { channel: 'telegram', code: 'menu.telegramLimits' },
] as const satisfies ReadonlyArray<{ channel: Channel; code: string }>;

/**
 * The renderer's own rule on the channel's own limits, in every locale: a warning exactly when
 * the subscriber's screen would show the menu as numbered text rather than buttons or a list.
 */
export function menuLimitsWarning(flow: Flow, node: Extract<FlowNode, { type: 'menu' }>, channel: Channel, code: string): LintIssue | undefined {
  const capabilities = channelCapabilities[channel];
  const fallback = flow.locales[0]?.code ?? 'fr';
  const numberedIn = flow.locales
    .map((l) => l.code)
    .filter((locale) => {
      const options = node.options.map((o) => ({ id: o.id, key: o.key, label: o.label[locale] ?? o.label[fallback] ?? o.id }));
      return planMenu(options, capabilities) === 'numbered';
    });
  if (numberedIn.length === 0) return undefined;
  const longest = Math.max(...node.options.flatMap((o) => Object.values(o.label).map((l) => l.length)));
  const titleMax = Math.max(capabilities.list?.rowTitleMaxLength ?? 0, capabilities.buttons?.titleMaxLength ?? 0);
  const forms = [capabilities.buttons ? 'buttons' : undefined, capabilities.list ? 'a list' : undefined].filter((f) => f !== undefined).join(' or ');
  return {
    severity: 'warning',
    code,
    message: `${node.id} has ${node.options.length} options${longest > titleMax ? ` and a label of ${longest} characters` : ''}${numberedIn.length < flow.locales.length ? ` (${numberedIn.join(', ')})` : ''}: on ${capabilities.label} it is sent as numbered text, not as ${forms}`,
    node: node.id,
    field: 'options',
  };
}
