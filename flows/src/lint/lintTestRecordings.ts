import type { Flow } from '../schema/flow.ts';
import type { LintIssue } from './types.ts';

const AUDIO_TOKEN = /^\[audio: (.+)\]$/;

/** Where each recording file is played: its node and language (`prompt.fon.audio` → fon). */
function recordingSlots(flow: Flow): Map<string, { node: string; locale: string }> {
  const slots = new Map<string, { node: string; locale: string }>();
  const locales = new Set(flow.locales.map((l) => l.code));
  // The language is the nearest key that names one (a variant's recording sits below its locale).
  const walk = (value: unknown, node: string, locale: string) => {
    if (typeof value !== 'object' || value === null) return;
    const audio = (value as { audio?: unknown }).audio;
    if (typeof audio === 'string' && locale && !slots.has(audio)) slots.set(audio, { node, locale });
    for (const [k, v] of Object.entries(value)) walk(v, node, locales.has(k) ? k : locale);
  };
  for (const node of flow.nodes) walk(node, node.id, '');
  return slots;
}

/**
 * A test step expecting a recording by its file (`promptContains: "[audio: fon/welcome.wav]"`)
 * fails as soon as the prompt is re-recorded: a published version's files are frozen, so the new
 * take gets a new name, and production is then refused. The warning names the `played`
 * expectation that survives a re-take.
 */
export function lintTestRecordings(flow: Flow): LintIssue[] {
  const issues: LintIssue[] = [];
  let slots: ReturnType<typeof recordingSlots> | undefined;
  for (const [i, test] of flow.tests.entries()) {
    for (const [s, step] of test.steps.entries()) {
      const expected = step.expect?.promptContains;
      for (const text of expected === undefined ? [] : Array.isArray(expected) ? expected : [expected]) {
        const file = AUDIO_TOKEN.exec(text.trim())?.[1];
        if (!file) continue;
        slots ??= recordingSlots(flow);
        const slot = slots.get(file);
        const instead = slot ? `played: [{ "node": "${slot.node}", "locale": "${slot.locale}" }]` : 'played: [{ "node": …, "locale": … }]';
        issues.push({
          severity: 'warning',
          code: 'test.recordingByFile',
          message: `test "${test.name}" step ${s + 1} expects the file ${file}: a new take gets a new name and breaks it; expect ${instead}`,
          field: `tests.${i}`,
          params: { test: test.name, step: String(s + 1), file, instead },
        });
      }
    }
  }
  return issues;
}
