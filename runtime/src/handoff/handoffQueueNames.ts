import { channelCapabilities, definitionOf, parseTemplate, type Flow } from '@griot/flows';

type Placeholder = Exclude<ReturnType<typeof parseTemplate>['parts'][number], string>;

/** Past this many names, a template's queue is no list an agent could pick from: it contributes none. */
const MAX_NAMES_PER_QUEUE = 200;

/**
 * The most queues one flow's draft, or a version only its staging runs, makes known, the first in
 * its nodes' order: a draft is an editor's alone, and so may a staging version be (an editor
 * publishes and points staging at any version calling no backend); each name made known is listed
 * to every agent, offered for transfers and shown at 0 on every scrape of /metrics. Beyond this, a
 * queue is known once a supervisor saves its settings, or once a version naming it runs (or ran) in
 * production or a publisher vetted it there: such a version is whole (a publisher put it there),
 * and callers it sends to a queue must find agents able to transfer there, a gauge and a place in
 * the lists.
 */
export const MAX_QUEUE_NAMES_PER_DRAFT = 200;

/**
 * The queue names a flow's handoff nodes can actually hand over to. A literal queue is itself; a
 * template (`support-{{caller.locale}}`, `{{segment}}`) is spelled out for every value each of its
 * placeholders can take in this flow: `caller.locale` the flow's languages, `caller.channel` the
 * channels, a variable the literal values its `set` nodes give it (and its declared default).
 * A placeholder whose values are open (typed by the caller, a look-up's answer, an expression, a
 * remembered value) makes the template contribute nothing: such a queue is known only once a
 * supervisor configures it. Otherwise any text an agent typed would match it. `limit`: the most
 * names given, the first in the nodes' order (a draft's: `MAX_QUEUE_NAMES_PER_DRAFT`).
 */
export function handoffQueueNames(document: Flow, { limit = Number.POSITIVE_INFINITY }: { limit?: number } = {}): string[] {
  const names = new Set<string>();
  for (const node of document.nodes) {
    if (node.type !== 'handoff') continue;
    for (const name of expand(node.queue, document)) {
      if (names.size >= limit) return [...names];
      names.add(name);
    }
  }
  return [...names];
}

/** The queue names one handoff node's `template` can hand over to in `document` (handoffQueueNames, node by node). */
export function expand(template: string, document: Flow): string[] {
  if (!template.includes('{{')) return [template];
  const { parts, errors } = parseTemplate(template);
  if (errors.length > 0) return [];
  let names = [''];
  for (const part of parts) {
    const values = typeof part === 'string' ? [part] : placeholderValues(part, document);
    if (!values) return [];
    names = names.flatMap((prefix) => values.map((value) => prefix + value));
    if (names.length > MAX_NAMES_PER_QUEUE) return [];
  }
  // An empty placeholder (a variable never set) is no queue of its own.
  return names.filter((name) => name.trim() !== '' && !name.includes('{{'));
}

/** A placeholder's values as the queue spells them (`upper`/`lower` applied; other filters: open). */
function placeholderValues(placeholder: Placeholder, document: Flow): string[] | null {
  if (placeholder.filters.some((filter) => filter !== 'upper' && filter !== 'lower')) return null;
  const cased = (value: string) => placeholder.filters.reduce((v, filter) => (filter === 'upper' ? v.toUpperCase() : v.toLowerCase()), value);
  return valuesOf(placeholder.path, document)?.map(cased) ?? null;
}

/** The values a placeholder can take in this flow, or null when they are open. */
function valuesOf(path: string, document: Flow): string[] | null {
  if (path === 'caller.locale') return document.locales.map((locale) => locale.code);
  if (path === 'caller.channel') return Object.keys(channelCapabilities);
  if (path.includes('.')) return null;
  const declared = document.variables.find((v) => v.name === path);
  // Remembered in the caller's profile: whatever an earlier contact (or another version) left there.
  if (declared?.persist) return null;
  const values = new Set<string>();
  if (declared?.default !== undefined && declared.default !== null) values.add(String(declared.default));
  for (const node of document.nodes) {
    if (node.type === 'set') {
      for (const assignment of node.assignments) {
        if (assignment.variable !== path) continue;
        // An expression, or a template of other values: not a list one can read off the flow.
        if (assignment.value === undefined || assignment.value.includes('{{')) return null;
        values.add(declared?.type === 'number' ? String(Number(assignment.value.replace(',', '.'))) : assignment.value);
      }
    } else if ((definitionOf(node).writes?.(node as never) ?? []).includes(path)) {
      // Typed or said by the caller, a look-up's answer, a survey's score: open.
      return null;
    }
  }
  return [...values];
}
