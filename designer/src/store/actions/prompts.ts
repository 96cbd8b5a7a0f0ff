import {
  sourceStamp,
  stampBeforeSourceEdit,
  stampBeforeSourceVariantEdit,
  stampLabelsBeforeSourceEdit,
  variantSourceText,
  type FlowNode,
  type LocalizedPrompt,
  type LocalizedText,
  type Prompt,
  type PromptVariant,
} from '@griot/flows';
import type { Apply } from '../documentStore.ts';
import { getAt, setAt } from '../paths.ts';

/**
 * The version with one variant changed (undefined fields dropped, so the saved JSON stays clean).
 * A suggested wording stays marked for review while it is edited, as the locale's own text does.
 */
function withVariant(version: LocalizedPrompt, key: string, change: (v: PromptVariant) => PromptVariant): LocalizedPrompt {
  const changed = change(version.variants?.[key] ?? {});
  const variant: PromptVariant = {
    ...(changed.text !== undefined ? { text: changed.text } : {}),
    ...(changed.audio !== undefined ? { audio: changed.audio } : {}),
    ...(changed.audio !== undefined && changed.audioFile !== undefined ? { audioFile: changed.audioFile } : {}),
    ...(changed.needsReview ? { needsReview: true } : {}),
    ...(changed.text !== undefined && changed.sourceStamp ? { sourceStamp: changed.sourceStamp } : {}),
  };
  return { ...version, variants: { ...version.variants, [key]: variant } };
}

/**
 * The version after an edit of its text or recording, stamped as made from `sourceText` (the
 * first language's text; for the first language's own recording, its text after the edit). No
 * source text, no stamp: unknown. A removed text or recording drops its stamp.
 */
function stamped(version: LocalizedPrompt, what: 'text' | 'audio' | undefined, isSource: boolean, sourceText: string | undefined): LocalizedPrompt {
  const { sourceStamp: textStamp, audioSourceStamp: audioStamp, ...rest } = version;
  const made = isSource ? version.text : sourceText;
  const stampOf = made?.trim() ? sourceStamp(made) : undefined;
  const text = what === 'text' && !isSource ? (version.text ? stampOf : undefined) : textStamp;
  const audio = what === 'audio' ? (version.audio ? stampOf : undefined) : version.audio ? audioStamp : undefined;
  return { ...rest, ...(text ? { sourceStamp: text } : {}), ...(audio ? { audioSourceStamp: audio } : {}) };
}

/** Prompts and labels per locale: what the inspector and the translation table write. */
export const promptActions = (apply: Apply) => {
  /** One node replaced by what `change` makes of it, knowing the flow's first language; typing in one field is one undo step. */
  const editNode = (nodeId: string, coalesce: string, change: (node: FlowNode, source: string | undefined) => FlowNode) =>
    apply(
      'editNode',
      (doc) => {
        const index = doc.nodes.findIndex((n) => n.id === nodeId);
        const node = doc.nodes[index];
        if (!node) return doc;
        const edited = doc.nodes.slice();
        edited[index] = change(node, doc.locales[0]?.code);
        return { ...doc, nodes: edited };
      },
      { coalesce },
    );
  /**
   * One locale's version of `field`, with what it was made from kept up to date: a text typed
   * in another locale is stamped with the first language's text it now stands beside, a new
   * recording likewise; before the first language's text itself changes, the translations and
   * recordings with no stamp yet are stamped with the text they stood beside (see
   * `stampBeforeSourceEdit`), so the change sends them to review.
   */
  const setVersion = (
    nodeId: string,
    field: string,
    locale: string,
    change: (v: LocalizedPrompt, prompt: Prompt, source: string) => LocalizedPrompt,
    key: string,
    stamp?: 'text' | 'audio',
    variantKey?: string,
  ) =>
    editNode(nodeId, key, (node, first) => {
      const source = first ?? locale;
      let prompt = (getAt(node, field) ?? {}) as Prompt;
      if (stamp === 'text' && locale === source) prompt = stampBeforeSourceEdit(prompt, source, prompt[source]?.text);
      // The first language's own wording of a channel: the other languages' wordings of it are stamped with it first.
      if (variantKey && locale === source) prompt = stampBeforeSourceVariantEdit(prompt, source, variantKey, variantSourceText(prompt, source, variantKey));
      const before = prompt[locale] ?? {};
      const after = stamped(change(before, prompt, source), stamp, locale === source, locale === source ? undefined : prompt[source]?.text);
      // A version kept only for its variants (an SMS wording before the text is written) stays.
      const empty = !after.text && !after.audio && Object.keys(after.variants ?? {}).length === 0;
      const { [locale]: _old, ...others } = prompt;
      return setAt(node, field, empty ? others : { ...prompt, [locale]: after });
    });
  return {
    /** The text of `field` (`prompt`, `noMatchPrompt`) in one locale; an empty prompt is removed. */
    setPromptText(nodeId: string, field: string, locale: string, text: string) {
      setVersion(nodeId, field, locale, (v) => ({ ...v, text: text === '' ? undefined : text }), `${nodeId}:${field}:${locale}:text`, 'text');
    },
    /** The recorded audio of `field` in one locale (an uploaded asset's name), or none; `file`: the name of the file the editor chose, if any. */
    setPromptAudio(nodeId: string, field: string, locale: string, audio: string | undefined, file?: string) {
      setVersion(nodeId, field, locale, ({ audioFile: _before, ...v }) => ({ ...v, audio, ...(audio && file ? { audioFile: file } : {}) }), `${nodeId}:${field}:${locale}:audio`, 'audio');
    },
    /** Opens a variant of `field` in one locale for a channel or a way of answering (`sms`, `buttons`), empty until written. */
    addPromptVariant(nodeId: string, field: string, locale: string, key: string) {
      setVersion(nodeId, field, locale, (v) => (v.variants?.[key] ? v : { ...v, variants: { ...v.variants, [key]: {} } }), `${nodeId}:${field}:${locale}:variants`);
    },
    /** The text of one variant; an empty text keeps the variant open (the locale's text is said meanwhile). */
    setPromptVariantText(nodeId: string, field: string, locale: string, key: string, text: string) {
      setVersion(
        nodeId,
        field,
        locale,
        (v, prompt, source) => {
          if (locale === source) return withVariant(v, key, (variant) => ({ ...variant, text: text === '' ? undefined : text }));
          // Translated from the first language's wording it now stands beside: « à revoir » once that changes.
          const made = variantSourceText(prompt, source, key);
          return withVariant(v, key, (variant) => ({ ...variant, text: text === '' ? undefined : text, sourceStamp: made?.trim() ? sourceStamp(made) : undefined }));
        },
        `${nodeId}:${field}:${locale}:${key}:text`,
        undefined,
        key,
      );
    },
    /** The recording of one variant (an uploaded asset's name), or none; `file`: the name of the file the editor chose, if any. */
    setPromptVariantAudio(nodeId: string, field: string, locale: string, key: string, audio: string | undefined, file?: string) {
      setVersion(
        nodeId,
        field,
        locale,
        (v) => withVariant(v, key, ({ audioFile: _before, ...variant }) => ({ ...variant, audio, ...(audio && file ? { audioFile: file } : {}) })),
        `${nodeId}:${field}:${locale}:${key}:audio`,
      );
    },
    /** Removes one variant: the channel gets the locale's text again. */
    removePromptVariant(nodeId: string, field: string, locale: string, key: string) {
      setVersion(
        nodeId,
        field,
        locale,
        (v) => {
          const { [key]: _removed, ...rest } = v.variants ?? {};
          const { variants: _all, ...version } = v;
          return Object.keys(rest).length > 0 ? { ...version, variants: rest } : version;
        },
        `${nodeId}:${field}:${locale}:variants`,
      );
    },
    /** A short label (`options.0.label`) in one locale. */
    setLabel(nodeId: string, field: string, locale: string, text: string) {
      editNode(nodeId, `${nodeId}:${field}:${locale}`, (node, first) => {
        const next = setAt(node, `${field}.${locale}`, text);
        // A menu option's label: what it was translated from is kept, as for prompts.
        const option = /^options\.(\d+)\.label$/.exec(field)?.[1];
        if (node.type !== 'menu' || option === undefined) return next;
        const source = first ?? locale;
        const label = getAt(node, field) as LocalizedText;
        const stampsAt = `options.${option}.labelSourceStamps`;
        let stamps = getAt(node, stampsAt) as Record<string, string> | undefined;
        if (locale === source) stamps = stampLabelsBeforeSourceEdit(label, stamps, source, label[source]);
        else {
          const { [locale]: _old, ...others } = stamps ?? {};
          stamps = text.trim() && label[source]?.trim() ? { ...others, [locale]: sourceStamp(label[source]) } : others;
        }
        return stamps === undefined ? next : setAt(next, stampsAt, Object.keys(stamps).length ? stamps : undefined);
      });
    },
  };
};
