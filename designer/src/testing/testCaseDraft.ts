import { ClassificationFixture, HttpFixture, TestCase, type TestInput } from '@griot/flows';
import { z } from 'zod';

/** What the simulated caller does at a step, as the editor's two fields show it. */
export type InputKind = 'none' | 'digits' | 'text' | 'speech' | 'choice' | 'silence' | 'hangup' | 'handoff';
export const INPUT_KINDS: InputKind[] = ['none', 'digits', 'text', 'speech', 'choice', 'silence', 'hangup', 'handoff'];
/** Kinds whose value the editor types or picks. */
export const INPUT_WITH_VALUE = new Set<InputKind>(['digits', 'text', 'speech', 'choice', 'handoff']);

export function inputKindOf(input: TestInput | undefined): InputKind {
  if (!input) return 'none';
  return (Object.keys(input)[0] as InputKind | undefined) ?? 'none';
}

export function inputValueOf(input: TestInput | undefined): string {
  if (!input) return '';
  const value = Object.values(input)[0];
  return typeof value === 'string' ? value : '';
}

/** The step's input from the two fields; undefined for none. */
export function makeInput(kind: InputKind, value: string): TestInput | undefined {
  switch (kind) {
    case 'none':
      return undefined;
    case 'digits':
      return { digits: value };
    case 'text':
      return { text: value };
    case 'speech':
      return { speech: value, confidence: 0.9 };
    case 'choice':
      return { choice: value };
    case 'silence':
      return { silence: true };
    case 'hangup':
      return { hangup: true };
    case 'handoff':
      return { handoff: (['done', 'unavailable', 'callback', 'continued'] as const).find((o) => o === value) ?? 'done' };
  }
}

/** Lines of a text area, trimmed, empty ones left out. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export const Fixture = z.union([HttpFixture, z.array(HttpFixture).min(1), ClassificationFixture]);

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A fixture typed as JSON in the editor: `{"status":200,"body":{…}}`, `{"timeout":true}`, a list of them… */
export function parseFixtureJson(text: string): Parsed<z.infer<typeof Fixture>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const parsed = Fixture.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || '/'} : ${i.message}`).join('; ') };
}

/** Variables a step expects, typed as a JSON object. */
export function parseVariablesJson(text: string): Parsed<Record<string, unknown> | undefined> {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    const json = JSON.parse(text) as unknown;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, error: '{ "name": value }' };
    return { ok: true, value: json as Record<string, unknown> };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** The edited case checked against the schema; the first problems, each with where it is. */
export function checkTestCase(draft: unknown): Parsed<TestCase> {
  const parsed = TestCase.safeParse(draft);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        error: parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')} : ${i.message}`)
          .join('; '),
      };
}
