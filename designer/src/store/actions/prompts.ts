import type { LocalizedPrompt } from '@griot/flows';
import type { Apply } from '../documentStore.ts';
import { getAt, setAt } from '../paths.ts';
import { nodeActions } from './nodes.ts';

/** Prompts and labels per locale: what the inspector and the translation table write. */
export const promptActions = (apply: Apply) => {
  const nodes = nodeActions(apply);
  const setVersion = (nodeId: string, field: string, locale: string, change: (v: LocalizedPrompt) => LocalizedPrompt, key: string) =>
    nodes.updateNode(
      nodeId,
      (node) => {
        const before = (getAt(node, `${field}.${locale}`) ?? {}) as LocalizedPrompt;
        const after = change(before);
        const empty = !after.text && !after.audio;
        return setAt(node, `${field}.${locale}`, empty ? undefined : after);
      },
      key,
    );
  return {
    /** The text of `field` (`prompt`, `noMatchPrompt`) in one locale; an empty prompt is removed. */
    setPromptText(nodeId: string, field: string, locale: string, text: string) {
      setVersion(nodeId, field, locale, (v) => ({ ...v, text: text === '' ? undefined : text }), `${nodeId}:${field}:${locale}:text`);
    },
    /** The recorded audio of `field` in one locale (an uploaded asset's name), or none. */
    setPromptAudio(nodeId: string, field: string, locale: string, audio: string | undefined) {
      setVersion(nodeId, field, locale, (v) => ({ ...v, audio }), `${nodeId}:${field}:${locale}:audio`);
    },
    /** A short label (`options.0.label`) in one locale. */
    setLabel(nodeId: string, field: string, locale: string, text: string) {
      nodes.updateNode(nodeId, (node) => setAt(node, `${field}.${locale}`, text), `${nodeId}:${field}:${locale}`);
    },
  };
};
