import { describe, expect, it } from 'vitest';
import { lintFlow } from './lintFlow.ts';
import { hasErrors, productionBlockers } from './types.ts';
import { parseFlow } from './parseFlow.ts';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';

function lintOf(change: (f: FlowInput) => void) {
  const input = sampleFlowInput();
  change(input);
  return lintFlow(Flow.parse(input));
}
const codes = (issues: ReturnType<typeof lintFlow>) => issues.map((i) => `${i.severity}:${i.code}:${i.edge ?? i.node ?? ''}`);
const node = (f: FlowInput, id: string) => f.nodes.find((n) => n.id === id) as Record<string, any>;

describe('lintFlow', () => {
  it('finds no error in a complete flow', () => {
    const issues = lintOf(() => {});
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(codes(issues)).toContain('warning:prompt.sensitive:readPuk');
  });

  it('flags a Fon prompt without recorded audio, naming the node and field: it keeps the version from production, not from staging', () => {
    const issues = lintOf((f) => {
      node(f, 'bye').prompt.fon = { text: 'Kudo' };
    });
    const missing = expect.objectContaining({ severity: 'warning', blocks: 'production', code: 'prompt.missingAudio', node: 'bye', field: 'prompt.fon' });
    expect(issues).toContainEqual(missing);
    expect(hasErrors(issues)).toBe(false);
    expect(productionBlockers(issues)).toEqual([missing]);
  });

  it('lets a Fon recording missing on most prompts go to staging (the caller hears the first language’s prompt there) and keeps it from production', () => {
    // An editor added Fon and recorded the menu only: every other prompt has no Fon at all.
    const issues = lintOf((f) => {
      for (const n of f.nodes as Array<Record<string, any>>) if (n.prompt) delete n.prompt.fon;
      node(f, 'menu').prompt.fon = { audio: 'fon/menu.wav' };
    });
    const missing = issues.filter((i) => i.field?.endsWith('.fon') && i.code.startsWith('prompt.'));
    expect(missing.length).toBeGreaterThan(1);
    expect(missing.every((i) => i.severity === 'warning' && i.blocks === 'production' && i.code === 'prompt.missingRecording')).toBe(true);
    expect(missing[0]?.params).toEqual({ fallback: 'fr' });
    expect(missing[0]?.message).toMatch(/no Fon recording: until it has one the caller hears the Français prompt/);
    expect(hasErrors(issues)).toBe(false);
    expect(productionBlockers(issues)).toEqual(missing);
  });

  it('owes no menu label in a recordings-only language (Fon): its buttons read the first language’s, which the menu falls back to', () => {
    const labelsWithout = (change: (f: FlowInput) => void) =>
      lintOf((f) => {
        for (const o of node(f, 'menu').options) delete o.label.fon;
        change(f);
      }).filter((i) => i.code === 'label.missingLocale');
    expect(labelsWithout(() => {})).toEqual([]);
    // Once Fon has words of its own somewhere, its labels are owed again.
    expect(labelsWithout((f) => (node(f, 'bye').prompt.fon = { text: 'Kudo', audio: 'fon/bye.wav' })).map((i) => i.field)).toEqual(['options.0.label.fon', 'options.1.label.fon']);
    // A language with a voice always owes its labels.
    expect(
      lintOf((f) => {
        delete node(f, 'menu').options[0].label.en;
      })
        .filter((i) => i.code === 'label.missingLocale')
        .map((i) => i.field),
    ).toEqual(['options.0.label.en']);
  });

  it('flags a prompt missing in a locale', () => {
    const issues = lintOf((f) => {
      delete node(f, 'notFound').prompt.en;
    });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'prompt.missingLocale', node: 'notFound', field: 'prompt.en' }));
  });

  it('refuses a suggested prompt translation until an editor has reviewed it', () => {
    const suggested = lintOf((f) => {
      node(f, 'notFound').prompt.en = { text: 'Number unknown.', needsReview: true };
    });
    expect(suggested).toContainEqual(expect.objectContaining({ severity: 'error', code: 'prompt.unreviewed', node: 'notFound', field: 'prompt.en' }));
    const reviewed = lintOf((f) => {
      node(f, 'notFound').prompt.en = { text: 'Number unknown.', needsReview: false };
    });
    expect(reviewed.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('refuses a variable both sensitive and remembered across contacts', () => {
    const issues = lintOf((f) => {
      const puk = (f.variables ?? []).find((v) => v.name === 'puk') as Record<string, unknown>;
      puk.persist = true;
    });
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'variable.persistSensitive', field: 'variables.puk' }));
  });

  it('warns of a remembered variable given the former name of another remembered one: callers not heard since would give it the other’s value', () => {
    const issues = lintOf((f) => {
      const segment = (f.variables ?? []).find((v) => v.name === 'segment') as Record<string, unknown>;
      Object.assign(segment, { name: 'segmentClient', formerNames: ['segment'] });
      (f.variables ?? []).push({ name: 'segment', type: 'string', persist: true });
    });
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'variable.formerName', field: 'variables.segment', params: { variable: 'segment', other: 'segmentClient' } }));
    // Not remembered: it reads nothing of the profile.
    const plain = lintOf((f) => {
      const segment = (f.variables ?? []).find((v) => v.name === 'segment') as Record<string, unknown>;
      Object.assign(segment, { name: 'segmentClient', formerNames: ['segment'] });
      (f.variables ?? []).push({ name: 'segment', type: 'string', persist: false });
    });
    expect(plain.map((i) => i.code)).not.toContain('variable.formerName');
  });

  it('flags unreachable nodes, unconnected outputs and dangling edges', () => {
    const issues = lintOf((f) => {
      f.nodes.push({ id: 'orphan', type: 'end' });
      f.edges = (f.edges ?? []).filter((e) => e.id !== 'e10');
      f.edges.push({ id: 'ghost', source: 'readPuk', output: 'next', target: 'nowhere' });
    });
    expect(codes(issues)).toEqual(expect.arrayContaining(['error:node.unreachable:orphan', 'error:output.unconnected:lookup', 'error:edge.dangling:ghost', 'error:edge.duplicateOutput:ghost']));
  });

  it('flags duplicate keys and undefined variables', () => {
    const issues = lintOf((f) => {
      node(f, 'menu').options[1].key = '1';
      node(f, 'readPuk').prompt.fr.text = 'Code {{pukk}}';
      node(f, 'handoff').priorityRules[0].expression = 'tier == "vip"';
    });
    expect(codes(issues)).toEqual(expect.arrayContaining(['error:menu.duplicateKey:menu', 'error:variable.undefined:readPuk', 'error:variable.undefined:handoff']));
  });

  it('flags loops that never wait for the caller, but not loops through a menu', () => {
    expect(codes(lintOf(() => {})).filter((c) => c.includes('loop'))).toEqual([]);
    const issues = lintOf((f) => {
      f.nodes.push({ id: 'again', type: 'goto', target: 'notFound' });
      f.edges = (f.edges ?? []).map((e) => (e.id === 'e12' ? { ...e, target: 'again' } : e));
    });
    expect(codes(issues)).toEqual(expect.arrayContaining(['error:flow.loopWithoutInput:again', 'error:flow.loopWithoutInput:notFound']));
  });

  it('warns when Telegram would show numbered text instead of its inline keyboard', () => {
    const telegramWarning = (labels: string[]) =>
      codes(
        lintOf((f) => {
          const keys = '1234567890*';
          node(f, 'menu').options = labels.map((label, i) => ({ id: `o${i + 1}`, key: keys[i], label: { fr: label, en: label, fon: label } }));
        }),
      ).includes('warning:menu.telegramLimits:menu');
    expect(telegramWarning(Array.from({ length: 10 }, (_, i) => `Option ${i + 1}`))).toBe(false);
    expect(telegramWarning(['Historique des transactions Mobile Money', 'Solde'])).toBe(false);
    expect(telegramWarning(Array.from({ length: 11 }, (_, i) => `Option ${i + 1}`))).toBe(true);
    expect(telegramWarning(['Historique de toutes vos transactions Mobile Money', 'Solde'])).toBe(true);
  });

  it('warns when an input that is not a phone question says it links the caller', () => {
    const linking = (kind: string) =>
      codes(
        lintOf((f) => {
          f.variables = [...(f.variables ?? []), { name: 'givenNumber', type: 'string' }];
          f.nodes.push({ id: 'askNumber', type: 'input', kind: kind as 'phone', variable: 'givenNumber', prompt: { fr: { text: 'Votre numéro ?' } }, linkCaller: true });
        }),
      ).some((c) => c.startsWith('warning:input.linkCallerNotPhone'));
    expect(linking('digits')).toBe(true);
    expect(linking('phone')).toBe(false);
  });

  it('warns about WhatsApp limits and plain http', () => {
    const issues = lintOf((f) => {
      const menu = node(f, 'menu');
      for (let i = 3; i <= 12; i += 1) menu.options.push({ id: `o${i}`, key: String(i % 10), label: { fr: `Option ${i}` } });
      node(f, 'lookup').url = 'http://crm.example/x';
      delete node(f, 'lookup').backend;
    });
    expect(codes(issues)).toEqual(expect.arrayContaining(['warning:menu.whatsappLimits:menu', 'warning:http.plain:lookup']));
  });

  it("warns about WhatsApp exactly when the phone would show numbered text (the renderer's rule, the channel table's limits)", () => {
    const whatsappWarning = (labels: string[]) =>
      codes(
        lintOf((f) => {
          const ids = ['puk', 'agent'];
          const keys = '1234567890*';
          node(f, 'menu').options = labels.map((label, i) => ({ id: ids[i] ?? `o${i + 1}`, key: keys[i], label: { fr: label, en: label, fon: label } }));
        }),
      ).includes('warning:menu.whatsappLimits:menu');
    // Ten short rows, or four with a title too long for a button but not for a row: a list.
    expect(whatsappWarning(Array.from({ length: 10 }, (_, i) => `Option ${i + 1}`))).toBe(false);
    expect(whatsappWarning(['Historique des appels', 'Solde', 'Forfaits', 'Roaming'])).toBe(false);
    // Two labels a subscriber cannot tell apart, or a row title over 24 characters: numbered text.
    expect(whatsappWarning(['Solde', 'solde'])).toBe(true);
    expect(whatsappWarning(['Historique des transactions', 'Solde'])).toBe(true);
    expect(whatsappWarning(Array.from({ length: 11 }, (_, i) => `Option ${i + 1}`))).toBe(true);
  });

  it('warns about Messenger exactly when its quick replies cannot carry the menu (13 options, titles of 20)', () => {
    const warnings = (labels: string[]) => issuesOf(labels).filter((c) => c.startsWith('warning:menu.') && c.endsWith(':menu'));
    const issuesOf = (labels: string[]) =>
      codes(
        lintOf((f) => {
          node(f, 'menu').options = labels.map((label, i) => ({ id: `o${i + 1}`, key: '1234567890*#'[i % 12], label: { fr: label, en: label, fon: label } }));
        }),
      );
    // Thirteen short options are quick replies on Messenger, and numbered text on WhatsApp (10 rows at most) and Telegram (10 buttons).
    expect(warnings(Array.from({ length: 13 }, (_, i) => `Option ${i + 1}`))).toEqual(['warning:menu.whatsappLimits:menu', 'warning:menu.telegramLimits:menu']);
    expect(warnings(Array.from({ length: 14 }, (_, i) => `Option ${i + 1}`))).toEqual(['warning:menu.whatsappLimits:menu', 'warning:menu.messengerLimits:menu', 'warning:menu.telegramLimits:menu']);
    // 21 characters: a WhatsApp list row (24) holds it, a quick reply (20) does not.
    expect(warnings(['Historique des appels', 'Solde'])).toEqual(['warning:menu.messengerLimits:menu']);
    const message = lintOf((f) => {
      node(f, 'menu').options = [
        { id: 'o1', key: '1', label: { fr: 'Historique des appels', en: 'Call history', fon: 'Call history' } },
        { id: 'o2', key: '2', label: { fr: 'Solde', en: 'Balance', fon: 'Balance' } },
      ];
    }).find((i) => i.code === 'menu.messengerLimits')?.message;
    expect(message).toBe('menu has 2 options and a label of 21 characters (fr): on Messenger it is sent as numbered text, not as buttons');
  });

  it('refuses secrets outside http requests', () => {
    const issues = lintOf((f) => {
      node(f, 'bye').prompt.fr.text = 'Token {{secret.OPERATOR_TOKEN}}';
    });
    expect(codes(issues)).toContain('error:secret.misplaced:bye');
  });

  it('lints a 1,000-node chain without false loops or stack overflow', () => {
    const input = sampleFlowInput();
    for (let i = 0; i < 1000; i += 1) {
      input.nodes.push({ id: `m${i}`, type: 'message', prompt: { fr: { text: `Message ${i}` }, en: { text: `Message ${i}` }, fon: { audio: `fon/m${i}.wav` } } });
      input.edges?.push({ id: `x${i}`, source: i === 0 ? 'notFound' : `m${i - 1}`, output: 'next', target: `m${i}` });
    }
    input.edges = (input.edges ?? []).filter((e) => e.id !== 'e12');
    input.edges.push({ id: 'tail', source: 'm999', output: 'next', target: 'menu' });
    const flow = Flow.parse(input);
    const issues = lintFlow(flow);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('parseFlow', () => {
  it('names the node of a schema error', () => {
    const input = sampleFlowInput() as any;
    input.nodes[2].options[0].key = '12';
    const r = parseFlow(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'schema.invalid', node: 'menu', field: 'options.0.key' });
  });

  it('migrates a version 1 document with next maps into edges', () => {
    const r = parseFlow({
      schemaVersion: 1,
      id: 'old',
      name: 'Old',
      locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
      nodes: [
        { id: 'start', type: 'start', next: { next: 'bye' } },
        { id: 'bye', type: 'end' },
      ],
    });
    expect(r.ok && r.flow.edges).toEqual([{ id: 'start-next', source: 'start', output: 'next', target: 'bye' }]);
    expect(r.ok && r.migratedFrom).toBe(1);
  });

  it('refuses a document from a newer Griot', () => {
    const r = parseFlow({ schemaVersion: 99 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toMatch(/newer/);
  });
});
