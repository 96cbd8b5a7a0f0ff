import { indexFlow, type FlowIndex } from '../channels/screenTurn.ts';
import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import { CALLER_FIELDS, RESERVED_VARIABLE_NAMES } from '../schema/variable.ts';
import { nodeDefinitions } from '../nodes/registry.ts';
import type { NodeDefinition, TextField } from '../nodes/definition.ts';
import { parseTemplate, templatePaths } from '../template/template.ts';
import { parseExpression, referencedPaths } from '../expression/index.ts';
import { loopsWithoutInput, reachableFrom, successors } from './graph.ts';
import type { LintIssue } from './types.ts';
import type { LintContext } from './lintContext.ts';
import { lintForChannels } from './channelLint.ts';
import { MENU_LIMIT_CHECKS, menuLimitsWarning } from './menuLimits.ts';
import { lintPromptWording } from './lintPromptWording.ts';
import { agentGoodbyeMissing } from '../nodes/handoff/agentGoodbye.ts';
import { sensitivityOf, type FetchedValue } from '../sensitivity/sensitiveCopies.ts';
import { staleTranslations } from '../translations/staleTranslations.ts';
import { promptsWithOldLabels } from './promptOldLabels.ts';
import { lintTestRecordings } from './lintTestRecordings.ts';
import { recordingsNotInLibrary } from './recordingsNotInLibrary.ts';
import { lintIncompleteRows } from './incompleteRows.ts';
import { recordingsOnlyLocales } from './recordingsOnlyLocales.ts';

type AnyDefinition = NodeDefinition<FlowNode['type']>;
const definition = (node: FlowNode) => nodeDefinitions[node.type] as unknown as AnyDefinition;

/**
 * Checks a flow and returns every problem as data, keyed by node or edge, so the designer can
 * badge the node and the runtime can refuse to publish. Never throws. With the deployment's
 * rules (`context`), also where each secret may go and which hosts may be called.
 */
export function lintFlow(flow: Flow, context: LintContext = {}): LintIssue[] {
  const issues: LintIssue[] = [];
  const add = (issue: LintIssue) => issues.push(issue);
  const nodes = new Map<string, FlowNode>();
  const variables = new Map(flow.variables.map((v) => [v.name, v]));
  const localeCodes = flow.locales.map((l) => l.code);

  for (const [i, locale] of flow.locales.entries()) {
    if (localeCodes.indexOf(locale.code) !== i) add({ severity: 'error', code: 'locale.duplicate', message: `locale ${locale.code} is listed twice`, params: { locale: locale.code } });
  }
  const seenVars = new Set<string>();
  for (const v of flow.variables) {
    if (seenVars.has(v.name)) add({ severity: 'error', code: 'variable.duplicate', message: `variable ${v.name} is declared twice`, params: { variable: v.name } });
    if ((RESERVED_VARIABLE_NAMES as readonly string[]).includes(v.name)) add({ severity: 'error', code: 'variable.reserved', message: `${v.name} is a reserved name`, params: { variable: v.name } });
    // A sensitive value never outlives its contact; remembering it in the caller's profile would.
    if (v.sensitive && v.persist) {
      add({
        severity: 'error',
        code: 'variable.persistSensitive',
        message: `${v.name} is sensitive: it is dropped when the contact ends and cannot be remembered across contacts (untick persist)`,
        field: `variables.${v.name}`,
      });
    }
    // A name another variable had: what callers not heard since its rename remember under it is
    // the other variable's (their profile is moved at their next contact, `CallerMemory`), and
    // this one would read it.
    const renamedFrom = v.persist ? flow.variables.find((other) => other !== v && other.persist && other.formerNames?.includes(v.name)) : undefined;
    if (renamedFrom) {
      add({
        severity: 'warning',
        code: 'variable.formerName',
        message: `${v.name} was the name of ${renamedFrom.name}: callers not heard since that rename still remember ${renamedFrom.name}'s value under it, which ${v.name} reads`,
        field: `variables.${v.name}`,
        params: { variable: v.name, other: renamedFrom.name },
      });
    }
    seenVars.add(v.name);
  }
  // A copy of a sensitive value (set pukCopy = puk) is as sensitive as the variable it copies.
  const sensitivity = sensitivityOf(flow);
  for (const copy of sensitivity.copies.values()) {
    if (!variables.get(copy.variable)?.persist) continue;
    add({
      severity: 'error',
      code: 'variable.sensitiveCopy',
      message: `${copy.variable} may hold the value of sensitive ${copy.from} (${copy.node}): it is as sensitive and cannot be remembered across contacts (untick persist, or do not copy ${copy.from})`,
      node: copy.node,
      field: copy.field,
      params: { variable: copy.variable, source: copy.from },
    });
  }

  for (const node of flow.nodes) {
    if (nodes.has(node.id)) add({ severity: 'error', code: 'node.duplicateId', message: `two nodes have the id ${node.id}`, node: node.id, params: { id: node.id } });
    nodes.set(node.id, node);
  }
  const starts = flow.nodes.filter((n) => n.type === 'start');
  if (starts.length === 0) add({ severity: 'error', code: 'flow.noStart', message: 'the flow has no start node' });
  for (const extra of starts.slice(1)) {
    add({ severity: 'error', code: 'flow.manyStarts', message: 'a flow has exactly one start node', node: extra.id });
  }

  // Edges: both ends exist, the output exists, one edge per output.
  const connected = new Set<string>();
  const edgeIds = new Set<string>();
  for (const edge of flow.edges) {
    if (edgeIds.has(edge.id)) add({ severity: 'error', code: 'edge.duplicateId', message: `two edges have the id ${edge.id}`, edge: edge.id, params: { id: edge.id } });
    edgeIds.add(edge.id);
    const source = nodes.get(edge.source);
    if (!source) {
      add({ severity: 'error', code: 'edge.dangling', message: `edge ${edge.id} starts at missing node ${edge.source}`, edge: edge.id });
      continue;
    }
    if (!nodes.has(edge.target)) {
      add({ severity: 'error', code: 'edge.dangling', message: `edge ${edge.id} leads to missing node ${edge.target}`, edge: edge.id, node: source.id });
    }
    if (!definition(source).outputs(source).includes(edge.output)) {
      add({ severity: 'error', code: 'edge.unknownOutput', message: `${source.id} has no output "${edge.output}"`, edge: edge.id, node: source.id });
    }
    const key = `${edge.source}\u0000${edge.output}`;
    if (connected.has(key)) {
      add({ severity: 'error', code: 'edge.duplicateOutput', message: `output "${edge.output}" of ${source.id} is connected twice`, edge: edge.id, node: source.id });
    }
    connected.add(key);
  }

  const recordingsOnly = recordingsOnlyLocales(flow);
  // What leads to each node, made once: a prompt's wording on a paged channel counts the messages before it.
  const index = indexFlow(flow);
  for (const node of flow.nodes) {
    const def = definition(node);
    for (const output of def.outputs(node)) {
      if (!connected.has(`${node.id}\u0000${output}`)) {
        add({ severity: 'error', code: 'output.unconnected', message: `output "${output}" of ${node.id} is not connected`, node: node.id, field: `outputs.${output}` });
      }
    }
    lintTexts(flow, node, def.texts?.(node) ?? [], variables, sensitivity.names, add, recordingsOnly, index);
    for (const { field, template } of def.templates?.(node) ?? []) {
      lintTemplate(template, node, field, variables, add, { secrets: node.type === 'http', sensitive: sensitivity.names });
    }
    for (const { field, source } of def.expressions?.(node) ?? []) {
      const parsed = parseExpression(source);
      if (!parsed.ok) {
        add({ severity: 'error', code: 'expression.invalid', message: `"${source}" cannot be read: ${parsed.error}`, node: node.id, field, params: { source } });
        continue;
      }
      for (const path of referencedPaths(parsed.ast)) checkPath(path, node, field, variables, add, false);
    }
    for (const name of def.writes?.(node) ?? []) {
      if (!variables.has(name)) add({ severity: 'error', code: 'variable.undeclared', message: `${node.id} writes ${name}, which is not declared`, node: node.id, params: { variable: name } });
    }
    lintNodeSpecifics(flow, node, nodes, variables, sensitivity.names, add);
    lintIncompleteRows(node).forEach(add);
    def.lint?.(node, context).forEach(add);
  }

  // Reachability and loops.
  const next = successors(flow);
  const start = starts[0];
  if (start) {
    const reached = reachableFrom(start.id, next);
    for (const node of flow.nodes) {
      if (!reached.has(node.id)) add({ severity: 'error', code: 'node.unreachable', message: `${node.id} cannot be reached from the start`, node: node.id });
    }
  }
  for (const loop of loopsWithoutInput(flow, next)) {
    for (const id of loop) {
      add({ severity: 'error', code: 'flow.loopWithoutInput', message: `${loop.join(' → ')} loops without waiting for the caller`, node: id });
    }
  }

  for (const key of ['mainMenuNode', 'agentNode'] as const) {
    const target = flow.settings[key];
    if (target && !nodes.has(target)) add({ severity: 'error', code: 'settings.missingNode', message: `settings.${key} names missing node ${target}`, params: { setting: key, target } });
  }
  // Agents close messaging conversations with the flow's goodbye: a language without one gets the default language's.
  if (flow.nodes.some((n) => n.type === 'handoff')) {
    for (const locale of agentGoodbyeMissing(flow)) {
      add({
        severity: 'warning',
        code: 'settings.agentGoodbyeMissingLocale',
        message: `the goodbye after an agent closes the conversation is missing in ${locale.name}: those subscribers read the ${flow.locales[0]?.name} one`,
        field: `settings.agentGoodbye.${locale.code}`,
      });
    }
  }
  if (context.boundChannels) lintForChannels(flow, context.boundChannels, add);
  if (context.previous) for (const issue of promptsWithOldLabels(context.previous, flow)) add(issue);
  if (context.recordings) for (const issue of recordingsNotInLibrary(flow, new Set(context.recordings))) add(issue);
  for (const [i, test] of flow.tests.entries()) {
    for (const id of Object.keys(test.fixtures)) {
      if (nodes.get(id)?.type !== 'http') {
        add({
          severity: 'warning',
          code: 'test.fixtureNode',
          message: `test "${test.name}" has a fixture for ${id}, which is not an http node`,
          field: `tests.${i}`,
          params: { test: test.name, target: id },
        });
      }
    }
  }
  for (const issue of lintTestRecordings(flow)) add(issue);
  for (const stale of staleTranslations(flow)) {
    const what = stale.text && stale.audio ? 'text and recording' : stale.text ? 'text' : 'recording';
    add({
      severity: 'warning',
      code: 'translation.stale',
      message: `the ${stale.locale} ${what} of ${stale.field}${stale.variant ? ` (${stale.variant} wording)` : ''} of ${stale.node} was made from an earlier ${flow.locales[0]?.name} text: check it still says the same`,
      node: stale.node,
      field: stale.variant ? `${stale.field}.${stale.locale}.variants.${stale.variant}` : `${stale.field}.${stale.locale}`,
      params: { locale: stale.locale.toUpperCase(), what: stale.text && stale.audio ? 'both' : stale.text ? 'text' : 'audio', ...(stale.variant ? { variant: stale.variant } : {}) },
    });
  }
  return issues;
}

function lintTexts(
  flow: Flow,
  node: FlowNode,
  texts: TextField[],
  variables: Map<string, Flow['variables'][number]>,
  sensitive: ReadonlySet<string>,
  add: (i: LintIssue) => void,
  recordingsOnly: ReadonlySet<string>,
  index: FlowIndex,
): void {
  // One warning per node and sensitive variable, however many locales show it.
  const warned = new Set<string>();
  // A language menu is spoken in each language it offers, and only those.
  const offered = node.type === 'language' ? new Set(node.options.map((o) => o.locale)) : null;
  for (const text of texts) {
    for (const locale of flow.locales) {
      if (offered && !offered.has(locale.code)) continue;
      if (text.kind === 'label') {
        // A recordings-only language's menu reads the first written language's labels (no recording can stand for a button).
        const fallsBack = recordingsOnly.has(locale.code) && (node.type === 'menu' || node.type === 'survey');
        if (!text.label[locale.code]?.trim() && !fallsBack) {
          add({ severity: 'warning', code: 'label.missingLocale', message: `${text.field} of ${node.id} has no ${locale.name} label`, node: node.id, field: `${text.field}.${locale.code}` });
        }
        continue;
      }
      const version = text.prompt[locale.code];
      const field = `${text.field}.${locale.code}`;
      const fallback = flow.locales[0];
      const fallbackSays = fallback && fallback.code !== locale.code ? text.prompt[fallback.code] : undefined;
      if ((!version || (!version.text?.trim() && !version.audio)) && !locale.tts && (fallbackSays?.text?.trim() || fallbackSays?.audio)) {
        // A language without a voice is recorded prompt by prompt: until this one is, the runtime says the
        // first language's (what the simulator plays too). Staging may run like that; production may not.
        add({
          severity: 'warning',
          blocks: 'production',
          code: 'prompt.missingRecording',
          message: `${text.field} of ${node.id} has no ${locale.name} recording: until it has one the caller hears the ${fallback?.name} prompt (production waits for the recording)`,
          node: node.id,
          field,
          params: { fallback: fallback?.code ?? '' },
        });
      } else if (!version || (!version.text?.trim() && !version.audio)) {
        add({ severity: 'error', code: 'prompt.missingLocale', message: `${text.field} of ${node.id} is missing in ${locale.name}`, node: node.id, field });
      } else if (!locale.tts && !version.audio) {
        // Staging may run without it (testers call before the recordings exist); production may not.
        add({
          severity: 'warning',
          blocks: 'production',
          code: 'prompt.missingAudio',
          message: `${locale.name} has no text-to-speech: ${text.field} of ${node.id} needs a recorded audio prompt before production (until then the caller hears its text read by the call's text-to-speech voice)`,
          node: node.id,
          field,
        });
      }
    }
    if (text.kind === 'prompt') {
      for (const [code, version] of Object.entries(text.prompt)) {
        if (version.needsReview) {
          add({
            severity: 'error',
            code: 'prompt.unreviewed',
            message: `the ${code} text of ${text.field} of ${node.id} was suggested and needs an editor's review before publishing`,
            node: node.id,
            field: `${text.field}.${code}`,
          });
        }
        for (const [key, variant] of Object.entries(version.variants ?? {})) {
          if (variant.needsReview) {
            add({
              severity: 'error',
              code: 'prompt.unreviewed',
              message: `the ${code} ${key} variant of ${text.field} of ${node.id} was suggested and needs an editor's review before publishing`,
              node: node.id,
              field: `${text.field}.${code}.variants.${key}`,
              params: { locale: code.toUpperCase(), key },
            });
          }
          if (variant.text) lintTemplate(variant.text, node, `${text.field}.${code}.variants.${key}`, variables, add, { secrets: false, warned, sensitive, fetched: sensitivityOf(flow).fetched });
        }
      }
      lintPromptWording(flow, node, text.field, text.prompt, add, { spokenOnly: text.spokenOnly === true, offered, index });
    }
    const versions = text.kind === 'prompt' ? Object.entries(text.prompt).map(([code, v]) => [code, v.text ?? ''] as const) : Object.entries(text.label);
    for (const [code, template] of versions) {
      if (!flow.locales.some((l) => l.code === code)) {
        add({
          severity: 'warning',
          code: 'prompt.unknownLocale',
          message: `${text.field} of ${node.id} has text for ${code}, which is not a locale of the flow`,
          node: node.id,
          field: `${text.field}.${code}`,
        });
      }
      lintTemplate(template, node, `${text.field}.${code}`, variables, add, { secrets: false, warned, sensitive, fetched: sensitivityOf(flow).fetched });
    }
  }
}

function lintTemplate(
  template: string,
  node: FlowNode,
  field: string,
  variables: Map<string, Flow['variables'][number]>,
  add: (i: LintIssue) => void,
  /** For prompts: sensitive variables already warned about in this node. */
  options: { secrets: boolean; warned?: Set<string>; sensitive: ReadonlySet<string>; fetched?: ReadonlyMap<string, FetchedValue> },
): void {
  const parsed = parseTemplate(template);
  for (const error of parsed.errors) add({ severity: 'error', code: 'template.invalid', message: error, node: node.id, field });
  for (const part of parsed.parts) {
    if (typeof part === 'string') continue;
    checkPath(part.path, node, field, variables, add, options.secrets);
    const head = part.path.split('.', 1)[0] ?? '';
    if (options.warned && options.sensitive.has(head) && !options.warned.has(head)) {
      options.warned.add(head);
      const lookup = options.fetched?.get(head);
      add({
        severity: 'warning',
        code: 'prompt.sensitive',
        message: `${node.id} shows sensitive ${head} to the caller: it is masked in transcripts and logs${byDefault(lookup)}`,
        node: node.id,
        field,
        ...lookupParams(head, lookup),
      });
    }
  }
}

function checkPath(path: string, node: FlowNode, field: string, variables: Map<string, Flow['variables'][number]>, add: (i: LintIssue) => void, secretsAllowed: boolean): void {
  const [head = '', second] = path.split('.');
  if (head === 'caller') {
    if (!second || !(CALLER_FIELDS as readonly string[]).includes(second)) {
      add({
        severity: 'error',
        code: 'variable.undefined',
        message: `${path} is not a caller field (${CALLER_FIELDS.join(', ')})`,
        node: node.id,
        field,
        params: { variable: path, callerFields: CALLER_FIELDS.join(', ') },
      });
    }
    return;
  }
  if (head === 'secret') {
    if (!secretsAllowed) add({ severity: 'error', code: 'secret.misplaced', message: `${path}: secrets may only be used in http requests`, node: node.id, field });
    else if (!second) add({ severity: 'error', code: 'secret.unnamed', message: 'a secret needs a name: {{secret.NAME}}', node: node.id, field });
    return;
  }
  if (!variables.has(head)) {
    add({ severity: 'error', code: 'variable.undefined', message: `${head} is not a declared variable`, node: node.id, field, params: { variable: head } });
  }
}

function lintNodeSpecifics(
  flow: Flow,
  node: FlowNode,
  nodes: Map<string, FlowNode>,
  variables: Map<string, Flow['variables'][number]>,
  sensitive: ReadonlySet<string>,
  add: (i: LintIssue) => void,
): void {
  switch (node.type) {
    case 'menu': {
      duplicates(node.options.map((o) => o.key)).forEach((key) =>
        add({ severity: 'error', code: 'menu.duplicateKey', message: `key ${key} is used by two options of ${node.id}`, node: node.id, field: 'options' }),
      );
      duplicates(node.options.map((o) => o.id)).forEach((id) =>
        add({ severity: 'error', code: 'menu.duplicateOption', message: `option id ${id} is used twice in ${node.id}`, node: node.id, field: 'options' }),
      );
      for (const o of node.options) {
        if (o.id === 'noInput' || o.id === 'noMatch') add({ severity: 'error', code: 'menu.reservedOption', message: `option id ${o.id} is reserved`, node: node.id, params: { option: o.id } });
      }
      // The renderer's own rule on each channel's own limits: lint warns exactly when a screen would show numbered text.
      for (const check of MENU_LIMIT_CHECKS) {
        const warning = menuLimitsWarning(flow, node, check.channel, check.code);
        if (warning) add(warning);
      }
      break;
    }
    case 'input': {
      if (node.linkCaller && node.kind !== 'phone') {
        add({
          severity: 'warning',
          code: 'input.linkCallerNotPhone',
          message: `${node.id} links the caller's profile but asks for ${node.kind}, not a phone number: nothing is linked`,
          node: node.id,
          field: 'linkCaller',
        });
      }
      break;
    }
    case 'intent': {
      duplicates(node.intents.map((i) => i.id)).forEach((id) =>
        add({ severity: 'error', code: 'intent.duplicate', message: `intent ${id} is used twice in ${node.id}`, node: node.id, field: 'intents' }),
      );
      node.intents.forEach((intent, i) => {
        if (intent.id === 'noInput' || intent.id === 'noMatch') add({ severity: 'error', code: 'intent.reserved', message: `intent id ${intent.id} is reserved`, node: node.id });
        for (const locale of intent.needsReview) {
          add({
            severity: 'error',
            code: 'intent.unreviewed',
            message: `the ${locale} label and examples of ${intent.id} were suggested and need an editor's review before publishing`,
            node: node.id,
            field: `intents.${i}.examples.${locale}`,
          });
        }
        for (const locale of flow.locales) {
          if ((intent.examples[locale.code] ?? []).length === 0) {
            add({
              severity: 'warning',
              code: 'intent.noExamples',
              message: `${intent.id} has no ${locale.name} examples: callers in ${locale.name} are understood through the default language's`,
              node: node.id,
              field: `intents.${i}.examples.${locale.code}`,
            });
          }
        }
      });
      break;
    }
    case 'language': {
      duplicates(node.options.map((o) => o.key)).forEach((key) =>
        add({ severity: 'error', code: 'menu.duplicateKey', message: `key ${key} is used by two languages of ${node.id}`, node: node.id, field: 'options' }),
      );
      for (const o of node.options) {
        if (!flow.locales.some((l) => l.code === o.locale)) {
          add({ severity: 'error', code: 'language.unknownLocale', message: `${node.id} offers ${o.locale}, which is not a locale of the flow`, node: node.id, field: 'options' });
        }
      }
      break;
    }
    case 'http':
      if (/^http:\/\//i.test(node.url)) {
        add({ severity: 'warning', code: 'http.plain', message: `${node.id} calls ${node.url.split('/').slice(0, 3).join('/')} over plain http`, node: node.id, field: 'url' });
      }
      if (!node.backend && !/^https?:\/\//i.test(node.url) && !node.url.startsWith('{{')) {
        add({ severity: 'error', code: 'http.relativeUrl', message: `${node.id} has a relative URL but no backend`, node: node.id, field: 'url' });
      }
      break;
    case 'condition':
      duplicates(node.branches.map((b) => b.id)).forEach((id) =>
        add({ severity: 'error', code: 'condition.duplicateBranch', message: `branch ${id} is used twice in ${node.id}`, node: node.id, params: { branch: id } }),
      );
      node.branches.forEach((b, i) => {
        if (b.id === 'else') add({ severity: 'error', code: 'condition.reservedBranch', message: 'branch id else is reserved', node: node.id });
        if (b.rules.length === 0 && !b.expression)
          add({ severity: 'error', code: 'condition.emptyBranch', message: `branch ${b.id} of ${node.id} has no rule`, node: node.id, field: `branches.${i}` });
        b.rules.forEach((r, j) => r.variable !== '' && checkPath(r.variable, node, `branches.${i}.rules.${j}`, variables, add, false));
      });
      break;
    case 'handoff':
      for (const name of node.context) {
        const v = variables.get(name);
        if (!v) add({ severity: 'error', code: 'variable.undefined', message: `${name} is not a declared variable`, node: node.id, field: 'context', params: { variable: name } });
        else if (sensitive.has(name)) {
          const lookup = sensitivityOf(flow).fetched.get(name);
          add({
            severity: 'warning',
            code: 'handoff.sensitive',
            message: `${name} is sensitive and is never handed to agents${byDefault(lookup)}`,
            node: node.id,
            field: 'context',
            ...lookupParams(name, lookup),
          });
        }
      }
      // The queue's name reaches analytics, agents' screens and logs as it is rendered: unmasked.
      for (const head of new Set(templatePaths(node.queue).map((path) => path.split('.', 1)[0] ?? ''))) {
        if (!sensitive.has(head)) continue;
        add({
          severity: 'error',
          code: 'handoff.sensitiveQueue',
          message: `the queue of ${node.id} is named with sensitive ${head}: queue names are shown in analytics and to agents (use another variable)${byDefault(sensitivityOf(flow).fetched.get(head))}`,
          node: node.id,
          field: 'queue',
          params: { variable: head, ...lookupParams(head, sensitivityOf(flow).fetched.get(head)).params },
        });
      }
      if (node.continueOn && !node.continueMessage) {
        add({
          severity: 'error',
          code: 'handoff.continueMessage',
          message: `${node.id} continues on ${node.continueOn} but has no message to open the conversation there`,
          node: node.id,
          field: 'continueMessage',
        });
      }
      break;
    case 'goto':
      if (!nodes.has(node.target)) add({ severity: 'error', code: 'goto.missingTarget', message: `${node.id} jumps to missing node ${node.target}`, node: node.id, field: 'target' });
      break;
    default:
      break;
  }
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** What a warning about a look-up's answer sensitive only by default adds: the setting that keeps it in clear. */
function byDefault(lookup: FetchedValue | undefined): string {
  return lookup ? ` (the answer of look-up ${lookup.node}, sensitive by default: keptInClear says it is not account data)` : '';
}

/** The look-up whose answer makes a variable sensitive by default, for the editor to name the « Sensible » switch. */
function lookupParams(variable: string, lookup: FetchedValue | undefined): { params?: Record<string, string> } {
  return lookup ? { params: { variable, lookup: lookup.node } } : {};
}
