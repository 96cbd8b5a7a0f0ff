import { useEffect, useMemo, useState } from 'react';
import { definitionOf, sourceStamp, type Flow } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { readDocument } from '../versions/draftSaver.ts';
import { useDocument } from '../store/documentStore.ts';

/** Every first-language prompt text, channel wording and label of `docs`, by its stamp: what a stale translation was made from. */
export function sourceTextsByStamp(docs: Array<Flow | null | undefined>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const doc of docs) {
    const source = doc?.locales[0]?.code;
    if (!doc || !source) continue;
    for (const node of doc.nodes) {
      for (const text of definitionOf(node).texts?.(node) ?? []) {
        // The prompt's text, its channel wordings, or a label: what translations are made from.
        const sourceTexts = text.kind === 'prompt' ? [text.prompt[source]?.text, ...Object.values(text.prompt[source]?.variants ?? {}).map((v) => v.text)] : [text.label[source]];
        for (const sourceText of sourceTexts) if (sourceText?.trim()) texts.set(sourceStamp(sourceText), sourceText);
      }
    }
  }
  return texts;
}

/** Published versions already read, per flow: a version never changes. */
const versionTexts = new Map<string, Map<string, string>>();
const PUBLISHED_VERSIONS_READ = 10;

/**
 * The earlier first-language texts that `stamps` name, looked up in this session's undo
 * history and last saved draft, then (for those still unknown) in the flow's published
 * versions, newest first. A stamp found nowhere stays out of the map: the page says so.
 */
export function useEarlierSourceTexts(stamps: string[]): Map<string, string> {
  const flowId = useDocument((s) => s.flowId);
  const past = useDocument((s) => s.past);
  const savedDoc = useDocument((s) => s.savedDoc);
  const local = useMemo(() => sourceTextsByStamp([savedDoc, ...past.map((p) => p.before)]), [past, savedDoc]);
  const [published, setPublished] = useState<Map<string, string>>(() => versionTexts.get(flowId ?? '') ?? new Map());
  const wanted = stamps.filter((s) => !local.has(s) && !published.has(s)).join(' ');
  useEffect(() => {
    if (!flowId || !wanted) return;
    let cancelled = false;
    void (async () => {
      const found = new Map(versionTexts.get(flowId) ?? []);
      const missing = new Set(wanted.split(' '));
      const versions = (await flowsApi.versions(flowId).catch(() => [])).map((v) => v.number).sort((a, b) => b - a);
      for (const n of versions.slice(0, PUBLISHED_VERSIONS_READ)) {
        if ([...missing].every((s) => found.has(s))) break;
        const version = await flowsApi.version(flowId, n).catch(() => null);
        if (!version) continue;
        for (const [stamp, text] of sourceTextsByStamp([readDocument(version.document)])) if (!found.has(stamp)) found.set(stamp, text);
      }
      versionTexts.set(flowId, found);
      if (!cancelled) setPublished(found);
    })();
    return () => {
      cancelled = true;
    };
  }, [flowId, wanted]);
  return useMemo(() => new Map([...published, ...local]), [published, local]);
}
