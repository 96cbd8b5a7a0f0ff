import type { Flow } from '../schema/flow.ts';
import { Channel, WordingFamily, type Prompt } from '../schema/common.ts';
import type { FlowNode } from '../schema/node.ts';
import type { ReplyOption } from '../channels/replies.ts';
import { channelCapabilities, type ChannelCapabilities } from '../channels/channelCapabilities.ts';
import { pickWording, wordingFootprint, wordingKeys } from '../channels/promptWording.ts';
import { saidBefore, screenTurnFootprint, type FlowIndex } from '../channels/screenTurn.ts';
import { variantsToTranslate } from '../channels/variantsToTranslate.ts';
import { definitionOf } from '../nodes/registry.ts';
import type { LintIssue } from './types.ts';

const knownKeys: ReadonlySet<string> = new Set([...Channel.options, ...WordingFamily.options]);

/**
 * A prompt's variants and what each channel would get of it, in each locale of the flow:
 * a variant keyed by neither a channel nor a way of answering (never said), a variant said on
 * a call in a locale without text-to-speech with no recording of its own (the locale's
 * recording is not borrowed: a variant is used whole), a variant with nothing a text channel
 * without audio can show, and a wording longer than one message or screen of a channel
 * (measured as the subscriber sees it: SSML stripped, a numbered menu's lines included,
 * placeholders counted as empty; on USSD the whole turn's screen, with the messages said just
 * before the prompt, rendered by `renderScreens` as the connector renders it), and a variant the flow's first language has and another
lacks. The channel's wording is picked as the interpreter picks it
 * (`wordingKeys`, `pickWording`), from the capabilities table. `spokenOnly` prompts are only
 * checked for calls.
 */
export function lintPromptWording(
  flow: Flow,
  node: FlowNode,
  field: string,
  prompt: Prompt,
  add: (issue: LintIssue) => void,
  options: {
    spokenOnly?: boolean;
    /** A language menu's locales: its prompt is said in those only. */
    offered?: ReadonlySet<string> | null;
    capabilities?: Readonly<Record<string, ChannelCapabilities>>;
    /** The flow's nodes and edges by id (`indexFlow`), made once for every node a lint pass reads. */
    index?: FlowIndex;
  } = {},
): void {
  const capabilities = options.capabilities ?? channelCapabilities;
  for (const [code, version] of Object.entries(prompt)) {
    for (const key of Object.keys(version.variants ?? {})) {
      if (!knownKeys.has(key)) {
        add({
          severity: 'warning',
          code: 'prompt.unknownVariant',
          message: `${field} of ${node.id} has a variant for "${key}", which is neither a channel (${Channel.options.join(', ')}) nor ${WordingFamily.options.join(', ')}: it is never said`,
          node: node.id,
          field: `${field}.${code}.variants.${key}`,
          params: { key, locale: code.toUpperCase() },
        });
      }
    }
  }
  for (const locale of flow.locales) {
    if (options.offered && !options.offered.has(locale.code)) continue;
    // A locale without its own version is reported as missing (`prompt.missingLocale`), not measured again here.
    const version = prompt[locale.code];
    if (!version) continue;
    const menu: ReplyOption[] | undefined = definitionOf(node).menuOf?.(node, locale.code, flow);
    lintVariantTranslations(flow, node, field, prompt, locale, menu, capabilities, options, add);
    for (const [channel, row] of Object.entries(capabilities)) {
      if (options.spokenOnly && !row.spoken) continue;
      const wording = pickWording(version, wordingKeys(channel as Channel, menu, row));
      const at = wording.variant ? `${field}.${locale.code}.variants.${wording.variant}` : `${field}.${locale.code}`;
      const params = { channel: row.label, locale: locale.code.toUpperCase(), ...(wording.variant ? { key: wording.variant } : {}) };
      if (wording.variant && row.spoken && !locale.tts && !wording.audio) {
        add({
          severity: 'warning',
          blocks: 'production',
          code: 'prompt.variantAudio',
          message: `${locale.name} has no text-to-speech: the ${wording.variant} variant of ${field} of ${node.id} is said on ${row.label} and needs its own recording before production (until then its text is read by the call's text-to-speech voice)`,
          node: node.id,
          field: at,
          params,
        });
      }
      if (wording.variant && !row.spoken && !row.audio && !wording.text) {
        add({
          severity: 'warning',
          code: 'prompt.variantEmpty',
          message: `the ${wording.variant} variant of ${field} of ${node.id} (${locale.name}) has no text: nothing is shown on ${row.label}`,
          node: node.id,
          field: at,
          params,
        });
      }
      if (!wording.text) continue;
      // On a paged channel (USSD) the screen holds the whole turn: the messages said just before a prompt share it.
      const before = row.pages && field === 'prompt' && node.type !== 'message' ? saidBefore(flow, node.id, locale.code, channel as Channel, row, options.index) : [];
      const turn =
        before.length > 0
          ? screenTurnFootprint(
              before.map((b) => b.text),
              wording.text,
              row,
              menu,
            )
          : undefined;
      const { length, limit, withMenu: numbered } = turn ?? wordingFootprint(wording.text, row, menu);
      if (limit === undefined || (turn ? turn.screens <= 1 : length <= limit)) continue;
      const what = row.pages ? `one screen (${limit})` : `one message (${limit})`;
      const shared = before.length > 0 ? ` (${before.map((b) => b.node).join(', ')} said before it on the same screen)` : '';
      // On a paged channel (USSD) a menu's options come after its prompt: the subscriber pages before they can choose.
      const then = !row.pages
        ? 'it is split into several messages'
        : numbered
          ? `the subscriber has to page through it (${row.pages.nextKey}) to reach its options`
          : 'the subscriber has to page through it';
      add({
        severity: 'warning',
        code: 'prompt.tooLongForChannel',
        message: `on ${row.label}, ${field} of ${node.id} (${locale.name}) is ${length} characters${numbered ? ' with its numbered menu' : ''}${shared}, more than ${what}: ${then}; write a shorter variant for ${channel}${shared ? ' or shorten what comes before' : ''}`,
        node: node.id,
        field: at,
        params: { ...params, length: String(length), limit: String(limit), variantFor: channel, ...(shared ? { before: before.map((b) => b.node).join(', ') } : {}) },
      });
    }
  }
}

/**
 * A variant written in the flow's first language (the one it is translated from) that `locale`
 * lacks, where some channel would say it: `locale` says its own text there instead, worded for
 * another channel ("press 1" on buttons). A warning, not an error like a missing prompt: the
 * subscriber still gets something in their language. Not where `locale` has only a recording
 * and the channel plays none: there the first language's wording is shown, its variant with it.
 */
function lintVariantTranslations(
  flow: Flow,
  node: FlowNode,
  field: string,
  prompt: Prompt,
  locale: Flow['locales'][number],
  menu: ReplyOption[] | undefined,
  capabilities: Readonly<Record<string, ChannelCapabilities>>,
  options: { spokenOnly?: boolean; offered?: ReadonlySet<string> | null },
  add: (issue: LintIssue) => void,
): void {
  const source = flow.locales[0];
  if (!source || source.code === locale.code || (options.offered && !options.offered.has(source.code))) return;
  const rows = Object.entries(capabilities).filter(([, row]) => !options.spokenOnly || row.spoken);
  const version = prompt[locale.code];
  const said = new Set(
    rows.flatMap(([channel, row]) => {
      const keys = wordingKeys(channel as Channel, menu, row);
      // A recording-only wording on a channel that plays none (USSD, SMS): the subscriber reads the
      // first language's wording for that channel, variant included (prompt.audioOnly says so).
      if (!row.audio && !(version && pickWording(version, keys).text)) return [];
      return keys;
    }),
  );
  for (const key of variantsToTranslate(prompt, source.code, locale.code)) {
    if (!said.has(key)) continue;
    add({
      severity: 'warning',
      code: 'prompt.missingVariant',
      message: `${field} of ${node.id} has a ${key} variant in ${source.name} and none in ${locale.name}: ${locale.name} says its own text there`,
      node: node.id,
      field: `${field}.${locale.code}.variants.${key}`,
      params: { key, locale: locale.code.toUpperCase(), source: source.code.toUpperCase() },
    });
  }
}
