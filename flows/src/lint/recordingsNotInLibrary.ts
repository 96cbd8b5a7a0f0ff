import type { Flow } from '../schema/flow.ts';
import { definitionOf } from '../nodes/registry.ts';
import type { LintIssue } from './types.ts';

/**
 * A prompt's `audio` names a file of the flow's own recordings library (`/audio/<flow>/<name>`).
 * A flow imported from another instance, a hand-edited document or a node pasted by API may name
 * one the library does not hold: the voice renderer plays the file and nothing else (in a language
 * with a voice too, the text is not read when a recording is named), so the caller hears silence.
 * Staging may run like that (the file can be uploaded meanwhile); production may not.
 *
 * `library`: the names the flow's library holds, listed once per lint (a flow of 1,000 nodes costs
 * one listing and a set look-up per recording).
 */
export function recordingsNotInLibrary(flow: Flow, library: ReadonlySet<string>): LintIssue[] {
  const issues: LintIssue[] = [];
  const locales = new Map(flow.locales.map((l) => [l.code, l]));
  for (const node of flow.nodes) {
    for (const text of definitionOf(node).texts?.(node) ?? []) {
      if (text.kind !== 'prompt') continue;
      for (const [code, version] of Object.entries(text.prompt)) {
        const locale = locales.get(code);
        // A language the flow does not speak is never played (lint says so as `prompt.unknownLocale`).
        if (!locale) continue;
        const slots: Array<{ field: string; file: string | undefined }> = [{ field: `${text.field}.${code}`, file: version.audio }];
        for (const [key, variant] of Object.entries(version.variants ?? {})) slots.push({ field: `${text.field}.${code}.variants.${key}`, file: variant.audio });
        for (const { field, file } of slots) {
          if (!file || library.has(file)) continue;
          const instead = locale.tts ? 'silence instead of the text (a named recording is played alone)' : 'silence';
          issues.push({
            severity: 'warning',
            blocks: 'production',
            code: 'prompt.recordingNotFound',
            message: `${field} of ${node.id} plays ${file}, which the flow's recordings do not hold: in ${locale.name} the caller would hear ${instead}; upload it or record it again before production`,
            node: node.id,
            field,
            params: { file, locale: code, tts: locale.tts ? 'yes' : 'no' },
          });
        }
      }
    }
  }
  return issues;
}
