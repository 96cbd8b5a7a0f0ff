import type { TFunction } from 'i18next';
import type { Flow, StepIssue } from '@griot/flows';
import { outputName } from '../checks/describeIssue.ts';

/** The values a code's sentence names beside the node (set by the interpreter in `params`). */
const NEEDS: Record<string, readonly string[]> = {
  'flow.unconnected': ['output'],
  'keyword.target': ['target'],
  'session.lostNode': ['waitingAt'],
  'http.mappingMissing': ['path', 'variable'],
  'intent.unknown': ['intent'],
  'template.missingValue': ['path'],
  'prompt.missingLocale': ['locale', 'fallback'],
  'expression.invalid': ['source', 'error'],
  'expression.failed': ['source', 'error'],
};

/**
 * What went wrong during a simulated turn, in the editor's language and with the canvas's names
 * (the node's label, the menu option as its handle reads). Codes without a sentence keep the
 * interpreter's own message.
 */
export function describeStepIssue(issue: StepIssue, t: TFunction, doc: Flow | null | undefined): string {
  const node = issue.node ? doc?.nodes.find((n) => n.id === issue.node) : undefined;
  const output = issue.params?.output;
  // A sentence is only said with the values it names (a server that sends no params: its message).
  if ((NEEDS[issue.code] ?? []).some((param) => !issue.params?.[param])) return issue.message;
  // A language without a voice lacks a recording, not a text (as the checks say it).
  const noVoice = issue.code === 'prompt.missingLocale' && doc?.locales.find((l) => l.code === issue.params?.locale)?.tts === null;
  return t(`simulator.issues.${noVoice ? 'prompt.missingRecording' : issue.code}`, {
    ...issue.params,
    node: node?.label || issue.node || '',
    output: output ? outputName(output, node, t, doc?.locales[0]?.code ?? '') : '',
    defaultValue: issue.message,
  });
}

/** A node as the canvas names it. */
export function nodeLabel(id: string, doc: Flow | null | undefined): string {
  return doc?.nodes.find((n) => n.id === id)?.label || id;
}
