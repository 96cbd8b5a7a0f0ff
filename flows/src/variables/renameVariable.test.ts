import { describe, expect, it } from 'vitest';
import { renameVariable } from './renameVariable.ts';
import { renameExpressionVariable } from '../expression/renameVariable.ts';
import { renameTemplateVariable } from '../template/template.ts';
import { variableUses } from './variableUses.ts';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { runTests } from '../testing/runTests.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';
import { nodeDefinitions } from '../nodes/registry.ts';
import { sourceStamp } from '../translations/sourceStamp.ts';
import { staleTranslations } from '../translations/staleTranslations.ts';
import { stampSavedSourceEdits } from '../translations/stampSavedSourceEdits.ts';
import { sensitivityOf } from '../sensitivity/sensitiveCopies.ts';

const fr = (text: string) => ({ fr: { text }, en: { text: `EN ${text}` } });
const locales = [
  { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
  { code: 'en', name: 'English', tts: { vendor: 'google' } },
];

/** Each place the flow language can name a variable, with `solde` in it (and decoys that are not the variable). */
const PLACES: Array<{ place: string; node: Record<string, unknown> }> = [
  {
    place: 'a prompt in every language, its channel variant',
    node: { type: 'message', prompt: { fr: { text: 'Votre solde est {{ solde | amount }}', variants: { whatsapp: { text: '*{{solde}}*' } } }, en: { text: 'Balance {{solde.xof}}' } } },
  },
  { place: 'an end prompt', node: { type: 'end', prompt: fr('Solde: {{solde}}') } },
  {
    place: "a menu's prompts and labels",
    node: {
      type: 'menu',
      prompt: fr('{{solde}}'),
      noInputPrompt: fr('{{solde}}'),
      noMatchPrompt: fr('{{solde}}'),
      options: [{ id: 'a', key: '1', label: { fr: 'Solde {{solde}}', en: '{{solde}}' } }],
    },
  },
  { place: "an input's variable and prompts", node: { type: 'input', kind: 'digits', variable: 'solde', prompt: fr('{{solde}}'), noInputPrompt: fr('{{solde}}'), invalidPrompt: fr('{{solde}}') } },
  {
    place: "a webhook's url, headers, body, wait prompt and response mapping",
    node: {
      type: 'http',
      url: 'https://si.example/{{solde}}?q={{ solde }}',
      headers: { 'X-Solde.Value': '{{solde}}', Authorization: 'Bearer {{secret.TOKEN}}' },
      body: '{"solde": "{{solde}}"}',
      waitPrompt: fr('{{solde}}'),
      responseMapping: [
        { variable: 'solde', path: '$.solde' },
        { variable: 'other', path: '$.x' },
      ],
    },
  },
  {
    place: "a set node's variable, value and expression",
    node: {
      type: 'set',
      assignments: [
        { variable: 'solde', expression: 'solde + other.solde + len("solde")' },
        { variable: 'other', value: '{{solde}} F' },
      ],
    },
  },
  {
    place: "a condition's rules and expression",
    node: {
      type: 'condition',
      branches: [
        {
          id: 'rich',
          rules: [
            { variable: 'solde', operator: 'gt', value: 10 },
            { variable: 'solde.xof', operator: 'isSet' },
          ],
          expression: 'solde > 10 && other[solde] != "solde"',
        },
      ],
    },
  },
  {
    place: "a handoff's queue, reason, priority rules, prompts and passed variables",
    node: {
      type: 'handoff',
      queue: 'q-{{solde}}',
      reason: 'Solde {{solde}}',
      priorityRules: [{ expression: 'solde > 1000', priority: 1 }],
      context: ['other', 'solde'],
      prompt: fr('{{solde}}'),
      callbackOfferPrompt: fr('{{solde}}'),
      continueOn: 'whatsapp',
      continueMessage: { fr: 'Solde {{solde}}', en: '{{solde}}' },
    },
  },
  {
    place: "an intent's slot and prompts",
    node: { type: 'intent', prompt: fr('{{solde}}'), noMatchPrompt: fr('{{solde}}'), intents: [{ id: 'pay', label: { fr: 'Payer', en: 'Pay' } }], slots: [{ variable: 'solde', kind: 'amount' }] },
  },
  { place: "a survey's variable and answers", node: { type: 'survey', prompt: fr('{{solde}}'), variable: 'solde', scale: 3, answers: [{ label: { fr: '{{solde}}', en: 'x' } }] } },
  { place: "a language menu's prompt", node: { type: 'language', prompt: fr('{{solde}}'), options: [{ locale: 'fr', key: '1' }] } },
];

function flowWith(node: Record<string, unknown>, tests: FlowInput['tests'] = []): Flow {
  return Flow.parse({
    schemaVersion: 2,
    id: 'rename',
    name: 'Rename',
    locales,
    variables: [
      { name: 'solde', type: 'string', sensitive: true, description: 'Le solde' },
      { name: 'other', type: 'json' },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'used', ...node },
    ],
    edges: [],
    tests,
  } as FlowInput);
}

const dangling = (flow: Flow) => lintFlow(flow).filter((i) => i.code === 'variable.undefined' || i.code === 'variable.undeclared');

describe('renameVariable', () => {
  it.each(PLACES)('follows $place', ({ node }) => {
    const flow = flowWith(node);
    expect(dangling(flow)).toEqual([]);
    const before = JSON.stringify(flow);
    const result = renameVariable(flow, 'solde', 'balance');
    if (!result.ok) throw new Error(result.message);
    // Renaming only the declaration, as the designer did, leaves every one of these uses dangling.
    const declarationOnly = { ...flow, variables: flow.variables.map((v) => (v.name === 'solde' ? { ...v, name: 'balance' } : v)) };
    expect(dangling(declarationOnly).length).toBeGreaterThan(0);
    expect(dangling(result.flow)).toEqual([]);
    expect(result.uses).toBe(variableUses(flow).filter((u) => /(^|[^.\w"])solde\b(?!")/.test(u.text) || u.text === 'solde').length);
    expect(result.uses).toBeGreaterThan(0);
    // Nothing names the old variable any more; the words and the decoys stay as written.
    expect(JSON.stringify({ nodes: result.flow.nodes, tests: result.flow.tests })).not.toMatch(/\{\{\s*solde\b|(?<!\\)"solde(\.xof)?"(?!:)|(?<![.\w])solde [+>]/);
    expect(JSON.stringify(flow)).toBe(before);
    expect(Flow.parse(result.flow)).toEqual(result.flow);
  });

  it('covers every node type that can name a variable', () => {
    const types = new Set(PLACES.map((p) => p.node.type));
    for (const [type, def] of Object.entries(nodeDefinitions)) {
      if (def.texts || def.templates || def.expressions || def.variableFields) expect(types, type).toContain(type);
    }
  });

  it('rewrites each place exactly, keeping spacing, filters, paths, properties and string literals', () => {
    const flow = flowWith(PLACES[0]?.node ?? {});
    const result = renameVariable(flowWith({ type: 'set', assignments: [{ variable: 'solde', expression: 'solde + other.solde + len("solde")' }] }), 'solde', 'balance');
    expect(result.ok && result.flow.nodes[1]).toMatchObject({ assignments: [{ variable: 'balance', expression: 'balance + other.solde + len("solde")' }] });
    const message = renameVariable(flow, 'solde', 'balance');
    expect(message.ok && message.flow.nodes[1]).toMatchObject({
      prompt: { fr: { text: 'Votre solde est {{ balance | amount }}', variants: { whatsapp: { text: '*{{balance}}*' } } }, en: { text: 'Balance {{balance.xof}}' } },
    });
    expect(message.ok && message.uses).toBe(3);
    const http = renameVariable(flowWith(PLACES[4]?.node ?? {}), 'solde', 'balance');
    expect(http.ok && http.flow.nodes[1]).toMatchObject({ headers: { 'X-Solde.Value': '{{balance}}', Authorization: 'Bearer {{secret.TOKEN}}' }, body: '{"solde": "{{balance}}"}' });
  });

  it("keeps the variable's marking, type, description and place, and its former name for what callers' profiles remember", () => {
    const result = renameVariable(flowWith(PLACES[0]?.node ?? {}), 'solde', 'balance');
    expect(result.ok && result.flow.variables).toEqual([
      { name: 'balance', type: 'string', sensitive: true, persist: false, description: 'Le solde', formerNames: ['solde'] },
      { name: 'other', type: 'json', sensitive: false, persist: false },
    ]);
    // A value still held under the old name (a session started before) stays masked and sealed.
    expect(result.ok && [...sensitivityOf(result.flow).names]).toEqual(['balance', 'solde']);
    // Renamed again, then back: every name it had, newest first, its own after those it had since.
    const again = result.ok ? renameVariable(result.flow, 'balance', 'montant') : result;
    const back = again.ok ? renameVariable(again.flow, 'montant', 'solde') : again;
    expect(back.ok && back.flow.variables[0]).toMatchObject({ name: 'solde', formerNames: ['montant', 'balance', 'solde'] });
  });

  it.each([
    ['other', 'taken'],
    ['caller', 'reserved'],
    ['secret', 'reserved'],
    // Words of the expression language: `solde > 100` would become `true > 100`, `null > 100`, or not parse (`in`).
    ['true', 'reserved'],
    ['false', 'reserved'],
    ['null', 'reserved'],
    ['in', 'reserved'],
    ['crédit', 'invalid'],
    ['mon solde', 'invalid'],
    ['2fast', 'invalid'],
    ['__proto__', 'invalid'],
    ['solde-x', 'invalid'],
    ['', 'invalid'],
  ])('refuses %j (%s)', (to, reason) => {
    const flow = flowWith(PLACES[0]?.node ?? {});
    expect(renameVariable(flow, 'solde', to)).toMatchObject({ ok: false, reason });
  });

  it('refuses a variable the flow does not declare', () => {
    expect(renameVariable(flowWith(PLACES[0]?.node ?? {}), 'nope', 'x')).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('the interpreter says the value under the new name, and the tests expect it there', () => {
    const flow = Flow.parse({
      schemaVersion: 2,
      id: 'run',
      name: 'Run',
      locales: locales.slice(0, 1),
      variables: [{ name: 'solde' }, { name: 'double', type: 'number' }],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'ask', type: 'input', kind: 'digits', variable: 'solde', prompt: { fr: { text: 'Montant ?' } } },
        { id: 'calc', type: 'set', assignments: [{ variable: 'double', expression: 'solde * 2' }] },
        { id: 'check', type: 'condition', branches: [{ id: 'rich', rules: [{ variable: 'solde', operator: 'gt', value: 10 }] }] },
        { id: 'say', type: 'message', prompt: { fr: { text: 'Votre solde est {{solde}}, le double {{double}}.' } } },
        { id: 'bye', type: 'end', prompt: { fr: { text: 'Petit solde {{solde}}.' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'ask' },
        { id: 'e2', source: 'ask', output: 'ok', target: 'calc' },
        { id: 'e3', source: 'ask', output: 'noInput', target: 'bye' },
        { id: 'e4', source: 'ask', output: 'invalid', target: 'bye' },
        { id: 'e5', source: 'calc', output: 'next', target: 'check' },
        { id: 'e6', source: 'check', output: 'rich', target: 'say' },
        { id: 'e7', source: 'check', output: 'else', target: 'bye' },
        { id: 'e8', source: 'say', output: 'next', target: 'bye' },
      ],
      tests: [{ name: 'riche', steps: [{ input: { digits: '50' }, expect: { promptContains: 'Votre solde est 50, le double 100.', variables: { solde: '50', double: 100 } } }] }],
    } satisfies FlowInput);
    expect(runTests(flow).passed).toBe(1);
    const result = renameVariable(flow, 'solde', 'montant');
    if (!result.ok) throw new Error(result.message);
    expect(lintFlow(result.flow).filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.flow.tests[0]?.steps[0]?.expect?.variables).toEqual({ montant: '50', double: 100 });
    const report = runTests(result.flow);
    expect(report.cases[0]?.failures).toEqual([]);
    expect(report.passed).toBe(1);
  });

  it('sends no translation or recording to review: a rename changes no wording, on save as in the document, and its undo neither', () => {
    const fr = 'Votre solde est {{solde}}.';
    const flow = flowWith({
      type: 'message',
      prompt: {
        fr: { text: fr, audio: 'fr/solde.wav', audioSourceStamp: sourceStamp(fr) },
        en: { text: 'Your balance is {{solde}}.', sourceStamp: sourceStamp(fr) },
        fon: { audio: 'fon/solde.wav' },
      },
    });
    const stale = (f: Flow) => staleTranslations(f).map((s) => [s.locale, s.text, s.audio]);
    const staleBefore = stale(flow);
    expect(staleBefore).toEqual([]);
    const result = renameVariable(flow, 'solde', 'balance');
    if (!result.ok) throw new Error(result.message);
    expect(stale(result.flow)).toEqual([]);
    // The server stamps what a save left beside a changed first-language text: not after a rename.
    const saved = stampSavedSourceEdits(flow, result.flow);
    expect(stale(saved)).toEqual([]);
    expect(saved.nodes[1]).toMatchObject({ prompt: { fon: { audio: 'fon/solde.wav' } } });
    expect((saved.nodes[1] as { prompt: Record<string, { audioSourceStamp?: string }> }).prompt.fon?.audioSourceStamp).toBeUndefined();
    // Taken back (an undo), saved again: still nothing to review.
    expect(stale(stampSavedSourceEdits(saved, flow))).toEqual([]);
    // A real change of wording still is one.
    const reworded = structuredClone(result.flow);
    (reworded.nodes[1] as { prompt: Record<string, { text?: string }> }).prompt.fr = { text: 'Il vous reste {{balance}}.' };
    expect(stale(stampSavedSourceEdits(result.flow, reworded)).map(([locale]) => locale)).toEqual(expect.arrayContaining(['en', 'fon']));
  });

  it('a draft session that outlives the rename (a tester mid-call) goes on with the value under the new name', () => {
    const flow = Flow.parse({
      schemaVersion: 2,
      id: 'draft',
      name: 'Draft',
      locales: locales.slice(0, 1),
      variables: [{ name: 'solde' }, { name: 'ok' }],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'ask', type: 'input', kind: 'digits', variable: 'solde', prompt: { fr: { text: 'Montant ?' } } },
        { id: 'confirm', type: 'input', kind: 'text', variable: 'ok', prompt: { fr: { text: 'Confirmez.' } } },
        { id: 'say', type: 'end', prompt: { fr: { text: 'Votre solde est {{solde}}.' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'ask' },
        { id: 'e2', source: 'ask', output: 'ok', target: 'confirm' },
        { id: 'e3', source: 'ask', output: 'noInput', target: 'say' },
        { id: 'e4', source: 'ask', output: 'invalid', target: 'say' },
        { id: 'e5', source: 'confirm', output: 'ok', target: 'say' },
        { id: 'e6', source: 'confirm', output: 'noInput', target: 'say' },
        { id: 'e7', source: 'confirm', output: 'invalid', target: 'say' },
      ],
    } satisfies FlowInput);
    let session = createSession(flow, { channel: 'voice', caller: { number: '+2290197000001' }, flowVersion: null });
    session = step(flow, session, { type: 'start' }).session;
    session = step(flow, session, { type: 'digits', digits: '50' }).session;
    expect(session.vars).toMatchObject({ solde: '50' });
    // The editor renames « solde » while the tester is at « confirm »: the draft the next turn runs is the renamed one.
    const renamed = renameVariable(flow, 'solde', 'montant');
    if (!renamed.ok) throw new Error(renamed.message);
    const last = step(renamed.flow, session, { type: 'text', text: 'oui' });
    expect(last.effects.filter((e) => e.type === 'say').map((e) => (e as { text: string }).text)).toEqual(['Votre solde est 50.']);
    expect(last.session.vars).toMatchObject({ montant: '50' });
    expect(Object.hasOwn(last.session.vars, 'solde')).toBe(false);
  });

  it('a former name two variables give is read by neither: a sensitive value is not copied into a plain variable', () => {
    // « codePuk » renamed « puk » (sensitive); a hand-written or imported document also gives it as « note »'s former name.
    const flow = Flow.parse({
      schemaVersion: 2,
      id: 'claim',
      name: 'Claim',
      locales: locales.slice(0, 1),
      variables: [{ name: 'puk', sensitive: true, formerNames: ['codePuk'] }, { name: 'note', formerNames: ['codePuk'] }, { name: 'ok' }],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'confirm', type: 'input', kind: 'text', variable: 'ok', prompt: { fr: { text: 'Confirmez.' } } },
        { id: 'say', type: 'end', prompt: { fr: { text: 'Note : {{note}}.' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'confirm' },
        { id: 'e2', source: 'confirm', output: 'ok', target: 'say' },
        { id: 'e3', source: 'confirm', output: 'noInput', target: 'say' },
        { id: 'e4', source: 'confirm', output: 'invalid', target: 'say' },
      ],
    } satisfies FlowInput);
    let session = createSession(flow, { channel: 'voice', caller: { number: '+2290197000001' }, flowVersion: null });
    session = step(flow, session, { type: 'start' }).session;
    // A draft session that fetched the PUK code under its former name, before the rename.
    session = { ...session, vars: { ...session.vars, codePuk: '12345678' } };
    const last = step(flow, session, { type: 'text', text: 'oui' });
    const said = last.effects.filter((e) => e.type === 'say').map((e) => (e as { text: string }).text);
    expect(said).toEqual(['Note : .']);
    expect(Object.hasOwn(last.session.vars, 'note')).toBe(false);
    // Still where it was, and still sensitive there: masked and sealed like the variable it belonged to.
    expect(last.session.vars).toMatchObject({ codePuk: '12345678' });
    expect(sensitivityOf(flow).names.has('codePuk')).toBe(true);
  });

  it('renames a name, never the start or the end of a longer one (accented letters included, as jsep reads them)', () => {
    expect(renameExpressionVariable('soldeé > 1 || ésolde > 2 || solde > 3 || soldeBonus > 4', 'solde', 'montant').text).toBe('soldeé > 1 || ésolde > 2 || montant > 3 || soldeBonus > 4');
    expect(renameTemplateVariable('{{soldeé}} {{solde-x}} {{ solde }} {{solde|amount}} {{solde[0]}} {{soldeBonus}}', 'solde', 'montant').text).toBe(
      '{{soldeé}} {{solde-x}} {{ montant }} {{montant|amount}} {{montant[0]}} {{soldeBonus}}',
    );
  });
});
