import { describe, expect, it } from 'vitest';
import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import { sampleFlow } from '../fixtures/sampleFlow.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { mergeFlows } from './merge.ts';
import { renameVariable } from '../variables/renameVariable.ts';

function nodeOf<T extends FlowNode['type']>(flow: Flow, id: string, type: T): Extract<FlowNode, { type: T }> {
  const node = flow.nodes.find((n) => n.id === id);
  if (node?.type !== type) throw new Error(`${id} is not a ${type}`);
  return node as Extract<FlowNode, { type: T }>;
}

describe('mergeFlows', () => {
  it('keeps both editors’ changes when they touch different fields', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    nodeOf(mine, 'menu', 'menu').prompt.en = { text: 'Main menu, press 1.' };
    nodeOf(theirs, 'menu', 'menu').prompt.fr = { text: 'Menu principal (Eddy).' };
    nodeOf(theirs, 'readPuk', 'message').prompt.fr = { text: 'Votre PUK : {{puk | spell}}.' };
    nodeOf(mine, 'bye', 'end').position = { x: 400, y: 80 };
    for (const prefer of ['mine', 'theirs'] as const) {
      const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
      expect(conflicts).toEqual([]);
      expect(nodeOf(flow, 'menu', 'menu').prompt.en?.text).toBe('Main menu, press 1.');
      expect(nodeOf(flow, 'menu', 'menu').prompt.fr?.text).toBe('Menu principal (Eddy).');
      expect(nodeOf(flow, 'readPuk', 'message').prompt.fr?.text).toBe('Votre PUK : {{puk | spell}}.');
      expect(nodeOf(flow, 'bye', 'end').position).toEqual({ x: 400, y: 80 });
      expect(nodeOf(flow, 'menu', 'menu').prompt.fon?.audio).toBe('fon/menu.wav');
    }
  });

  it('lists a field both changed, and the choice decides only that field', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    nodeOf(mine, 'readPuk', 'message').prompt.fr = { text: 'Mon texte.' };
    nodeOf(theirs, 'readPuk', 'message').prompt.fr = { text: 'Son texte.' };
    nodeOf(theirs, 'notFound', 'message').prompt.en = { text: 'We do not know this number.' };
    nodeOf(mine, 'menu', 'menu').options[0]!.label.en = 'PUK';

    const keepMine = mergeFlows(base, mine, theirs, 'mine');
    expect(keepMine.conflicts).toEqual([{ nodeId: 'readPuk', field: 'prompt.fr.text', base: 'Votre code PUK est {{puk | spell}}.', mine: 'Mon texte.', theirs: 'Son texte.' }]);
    expect(nodeOf(keepMine.flow, 'readPuk', 'message').prompt.fr?.text).toBe('Mon texte.');
    expect(nodeOf(keepMine.flow, 'notFound', 'message').prompt.en?.text).toBe('We do not know this number.');

    const keepTheirs = mergeFlows(base, mine, theirs, 'theirs');
    expect(keepTheirs.conflicts).toHaveLength(1);
    expect(nodeOf(keepTheirs.flow, 'readPuk', 'message').prompt.fr?.text).toBe('Son texte.');
    // My change nobody else touched stays whichever side wins the conflict.
    expect(nodeOf(keepTheirs.flow, 'menu', 'menu').options[0]!.label.en).toBe('PUK');
  });

  it('reports a node deleted by one side and edited by the other as one conflict on the whole node', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    // Deleted as the designer does: with its connections.
    mine.nodes = mine.nodes.filter((n) => n.id !== 'notFound');
    mine.edges = mine.edges.filter((e) => e.source !== 'notFound' && e.target !== 'notFound');
    nodeOf(theirs, 'notFound', 'message').prompt.fr = { text: 'Numéro introuvable.' };

    const keepMine = mergeFlows(base, mine, theirs, 'mine');
    expect(keepMine.conflicts.map((c) => [c.nodeId, c.field, c.mine])).toEqual([['notFound', '', undefined]]);
    expect(keepMine.flow.nodes.some((n) => n.id === 'notFound')).toBe(false);

    const keepTheirs = mergeFlows(base, mine, theirs, 'theirs');
    expect(nodeOf(keepTheirs.flow, 'notFound', 'message').prompt.fr?.text).toBe('Numéro introuvable.');
    // In its place, not moved to the end.
    expect(keepTheirs.flow.nodes.map((n) => n.id)).toEqual(base.nodes.map((n) => n.id));

    // Deleted on one side, untouched on the other: deleted, no question asked.
    const untouched = mergeFlows(base, mine, structuredClone(base), 'theirs');
    expect(untouched.conflicts).toEqual([]);
    expect(untouched.flow.nodes.some((n) => n.id === 'notFound')).toBe(false);
  });

  it('merges nodes, options and connections added on both sides, and connections retargeted on one', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    nodeOf(mine, 'menu', 'menu').options.push({ id: 'balance', key: '3', label: { fr: 'Solde', en: 'Balance' }, synonyms: {} });
    mine.nodes.push({ id: 'mineEnd', type: 'end' });
    mine.edges.push({ id: 'eMine', source: 'menu', output: 'balance', target: 'mineEnd' });
    theirs.nodes.push({ id: 'theirEnd', type: 'end' });
    theirs.edges.push({ id: 'eTheirs', source: 'readPuk', output: 'next', target: 'theirEnd' });
    theirs.edges = theirs.edges.map((e) => (e.id === 'e5' ? { ...e, target: 'theirEnd' } : e));
    mine.edges = mine.edges.filter((e) => e.id !== 'e8');

    const { flow, conflicts } = mergeFlows(base, mine, theirs, 'mine');
    expect(conflicts).toEqual([]);
    expect(nodeOf(flow, 'menu', 'menu').options.map((o) => o.id)).toEqual(['puk', 'agent', 'balance']);
    expect(flow.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['mineEnd', 'theirEnd']));
    const edges = new Map(flow.edges.map((e) => [e.id, e.target]));
    expect(edges.get('eMine')).toBe('mineEnd');
    expect(edges.get('eTheirs')).toBe('theirEnd');
    expect(edges.get('e5')).toBe('theirEnd');
    expect(edges.has('e8')).toBe(false);
  });

  it('a connection retargeted differently by both is one conflict on its target', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    mine.edges = mine.edges.map((e) => (e.id === 'e5' ? { ...e, target: 'handoff' } : e));
    theirs.edges = theirs.edges.map((e) => (e.id === 'e5' ? { ...e, target: 'notFound' } : e));
    const { flow, conflicts } = mergeFlows(base, mine, theirs, 'theirs');
    expect(conflicts).toEqual([{ edgeId: 'e5', field: 'target', base: 'bye', mine: 'handoff', theirs: 'notFound' }]);
    expect(flow.edges.find((e) => e.id === 'e5')?.target).toBe('notFound');
  });

  it('a node both added under the same id, each differently, is one conflict and is kept whole, never mixed', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    const myNode: FlowNode = { id: 'message2', type: 'message', prompt: { fr: { text: 'Mon message.' } } };
    const theirNode: FlowNode = { id: 'message2', type: 'end', reason: 'served' };
    mine.nodes.push(myNode);
    theirs.nodes.push(theirNode);
    mine.edges.push({ id: 'message2-next', source: 'message2', output: 'next', target: 'bye' });
    theirs.edges.push({ id: 'message2-next', source: 'message2', output: 'next', target: 'sorry' });

    for (const [prefer, kept] of [
      ['mine', myNode],
      ['theirs', theirNode],
    ] as const) {
      const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
      expect(conflicts.map((c) => [c.nodeId ?? c.edgeId, c.field])).toEqual([
        ['message2', ''],
        ['message2-next', ''],
      ]);
      expect(conflicts[0]).toMatchObject({ base: undefined, mine: myNode, theirs: theirNode });
      expect(flow.nodes.find((n) => n.id === 'message2')).toEqual(kept);
      expect(flow.edges.find((e) => e.id === 'message2-next')?.target).toBe(prefer === 'mine' ? 'bye' : 'sorry');
    }
  });

  it('a connection one connected from a menu option the other removed goes with the option, listed, never left from no option', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    // I removed the « agent » option (and its connection); Eddy connected it elsewhere meanwhile, under a new connection.
    nodeOf(mine, 'menu', 'menu').options = nodeOf(mine, 'menu', 'menu').options.filter((o) => o.id !== 'agent');
    mine.edges = mine.edges.filter((e) => e.id !== 'e4');
    theirs.edges = theirs.edges.filter((e) => e.id !== 'e4');
    theirs.edges.push({ id: 'eddy', source: 'menu', output: 'agent', target: 'bye' });
    const { flow, conflicts } = mergeFlows(base, mine, theirs, 'mine');
    expect(flow.edges.some((e) => e.source === 'menu' && e.output === 'agent')).toBe(false);
    expect(conflicts).toContainEqual(expect.objectContaining({ edgeId: 'eddy', field: '' }));
    expect(lintFlow(flow).filter((i) => i.code === 'edge.unknownOutput')).toEqual([]);
  });

  it('an option both added under the same id, each differently, is one conflict on the whole option', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    nodeOf(mine, 'menu', 'menu').options.push({ id: 'balance', key: '3', label: { fr: 'Solde' }, synonyms: {} });
    nodeOf(theirs, 'menu', 'menu').options.push({ id: 'balance', key: '4', label: { en: 'Balance' }, synonyms: {} });
    const { flow, conflicts } = mergeFlows(base, mine, theirs, 'theirs');
    expect(conflicts.map((c) => [c.nodeId, c.field])).toEqual([['menu', 'options.balance']]);
    expect(nodeOf(flow, 'menu', 'menu').options.find((o) => o.id === 'balance')).toEqual({ id: 'balance', key: '4', label: { en: 'Balance' }, synonyms: {} });
  });

  it('drops and lists connections and gotos to a node the other editor deleted, and the connections into those gotos', () => {
    const base = sampleFlow();
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    // I delete notFound and send lookup's notFound output elsewhere.
    mine.nodes = mine.nodes.filter((n) => n.id !== 'notFound');
    mine.edges = mine.edges.filter((e) => e.id !== 'e12').map((e) => (e.id === 'e8' ? { ...e, target: 'sorry' } : e));
    // They keep notFound but lead it to a new message, and jump back to it from elsewhere.
    const goto3: FlowNode = { id: 'goto3', type: 'goto', target: 'notFound' };
    theirs.nodes.push({ id: 'message2', type: 'message', prompt: { fr: { text: 'Réessayez.' } } }, goto3);
    theirs.edges = theirs.edges.filter((e) => e.id !== 'e12');
    theirs.edges.push({ id: 'notFound-next', source: 'notFound', output: 'next', target: 'message2' }, { id: 'message2-next', source: 'message2', output: 'next', target: 'goto3' });

    for (const prefer of ['mine', 'theirs'] as const) {
      const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
      expect(flow.nodes.some((n) => n.id === 'notFound')).toBe(false);
      expect(flow.edges.some((e) => e.id === 'notFound-next')).toBe(false);
      // The goto cannot stay without its target: it goes, and so does the connection leading to it.
      expect(flow.nodes.some((n) => n.id === 'goto3')).toBe(false);
      expect(flow.edges.some((e) => e.id === 'message2-next')).toBe(false);
      expect(conflicts).toEqual([
        { edgeId: 'notFound-next', field: '', base: undefined, mine: undefined, theirs: { id: 'notFound-next', source: 'notFound', output: 'next', target: 'message2' } },
        { nodeId: 'goto3', field: '', base: undefined, mine: undefined, theirs: goto3 },
        { edgeId: 'message2-next', field: '', base: undefined, mine: undefined, theirs: { id: 'message2-next', source: 'message2', output: 'next', target: 'goto3' } },
      ]);
      const issues = lintFlow(flow).map((issue) => issue.code);
      expect(issues).not.toContain('edge.dangling');
      expect(issues).not.toContain('goto.missingTarget');
    }
  });

  it('a goto both kept whose target one editor deleted goes with the gotos leading to it; settings naming it are cleared', () => {
    const base = sampleFlow();
    base.nodes.push({ id: 'again', type: 'goto', target: 'menu' }, { id: 'againAgain', type: 'goto', target: 'again' });
    base.settings.mainMenuNode = 'menu';
    base.layout = { groups: [{ id: 'g1', label: 'Menu', nodes: ['menu', 'again'] }], notes: [] };
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    // I delete the menu; meanwhile they name it as the agent keyword's node and add a node to its section.
    mine.nodes = mine.nodes.filter((n) => n.id !== 'menu');
    mine.edges = mine.edges.filter((e) => e.source !== 'menu' && e.target !== 'menu');
    mine.layout = { groups: [{ id: 'g1', label: 'Menu', nodes: ['again'] }], notes: [] };
    theirs.settings.agentNode = 'menu';
    theirs.layout = { groups: [{ id: 'g1', label: 'Menu', nodes: ['menu', 'again', 'bye'] }], notes: [] };

    const { flow, conflicts } = mergeFlows(base, mine, theirs, 'mine');
    expect(flow.nodes.some((n) => n.id === 'menu')).toBe(false);
    expect(flow.nodes.some((n) => n.id === 'again' || n.id === 'againAgain')).toBe(false);
    expect(flow.settings.mainMenuNode).toBeUndefined();
    expect(flow.settings.agentNode).toBeUndefined();
    expect(conflicts.map((c) => c.nodeId ?? c.edgeId ?? c.field)).toEqual(expect.arrayContaining(['again', 'againAgain', 'settings.agentNode']));
    expect(conflicts.find((c) => c.nodeId === 'again')).toMatchObject({ field: '', base: { target: 'menu' }, mine: { target: 'menu' }, theirs: { target: 'menu' } });
    expect(flow.layout?.groups.flatMap((g) => g.nodes).every((id) => flow.nodes.some((n) => n.id === id))).toBe(true);
    const issues = lintFlow(flow).map((issue) => issue.code);
    for (const code of ['edge.dangling', 'goto.missingTarget', 'settings.missingNode']) expect(issues).not.toContain(code);
  });

  it('a list both reordered differently is one conflict, and the choice decides the order', () => {
    const base = sampleFlow();
    nodeOf(base, 'menu', 'menu').options.push({ id: 'balance', key: '3', label: { fr: 'Solde' }, synonyms: {} });
    const mine = structuredClone(base);
    const theirs = structuredClone(base);
    const reorder = (flow: Flow, ids: string[]) => {
      const menu = nodeOf(flow, 'menu', 'menu');
      menu.options = ids.map((id) => menu.options.find((o) => o.id === id)!);
    };
    reorder(mine, ['agent', 'puk', 'balance']);
    reorder(theirs, ['balance', 'puk', 'agent']);
    nodeOf(theirs, 'menu', 'menu').options[0]!.key = '9';

    const keepMine = mergeFlows(base, mine, theirs, 'mine');
    expect(keepMine.conflicts).toEqual([{ nodeId: 'menu', field: 'options', base: ['puk', 'agent', 'balance'], mine: ['agent', 'puk', 'balance'], theirs: ['balance', 'puk', 'agent'] }]);
    expect(nodeOf(keepMine.flow, 'menu', 'menu').options.map((o) => o.id)).toEqual(['agent', 'puk', 'balance']);
    // Their edit of an option stays whatever order wins.
    expect(nodeOf(keepMine.flow, 'menu', 'menu').options[2]!.key).toBe('9');

    const keepTheirs = mergeFlows(base, mine, theirs, 'theirs');
    expect(keepTheirs.conflicts).toHaveLength(1);
    expect(nodeOf(keepTheirs.flow, 'menu', 'menu').options.map((o) => o.id)).toEqual(['balance', 'puk', 'agent']);

    // The same new order on both sides: no question.
    expect(mergeFlows(base, mine, mine, 'theirs').conflicts).toEqual([]);
  });

  describe('lists without ids', () => {
    it('keeps a colleague marking a variable sensitive on that variable, when the other removed one above it and added one', () => {
      const base = sampleFlow();
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      mine.variables = [...mine.variables.filter((v) => v.name !== 'segment'), { name: 'solde', type: 'string', sensitive: false, persist: false }];
      theirs.variables = theirs.variables.map((v) => (v.name === 'code' ? { ...v, sensitive: true } : v));
      for (const prefer of ['mine', 'theirs'] as const) {
        const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
        expect(conflicts).toEqual([]);
        // By position, « code » lost its protection and « solde » got it: a secret in clear in the logs.
        expect(flow.variables.map((v) => [v.name, v.sensitive === true])).toEqual([
          ['puk', true],
          ['code', true],
          ['solde', false],
        ]);
      }
    });

    it('keeps an example put at the top and an edit of the second one, each on its own word', () => {
      const base = sampleFlow();
      base.nodes.push({
        id: 'why',
        type: 'intent',
        prompt: {},
        intents: [{ id: 'balance', label: {}, description: '', examples: { fr: ['solde', 'crédit', 'combien'] }, needsReview: [] }],
      } as unknown as FlowNode);
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      nodeOf(mine, 'why', 'intent').intents[0]!.examples.fr = ['mon solde', 'solde', 'crédit', 'combien'];
      nodeOf(theirs, 'why', 'intent').intents[0]!.examples.fr = ['solde', 'crédit restant', 'combien'];
      const { flow, conflicts } = mergeFlows(base, mine, theirs, 'mine');
      expect(conflicts).toEqual([]);
      expect(nodeOf(flow, 'why', 'intent').intents[0]!.examples.fr).toEqual(['mon solde', 'solde', 'crédit restant', 'combien']);
    });

    it('never makes a rule nobody wrote out of two rows one editor swapped and the other edited: the rules are a conflict', () => {
      const base = sampleFlow();
      const vip = { variable: 'segment', operator: 'eq', value: 'vip' } as const;
      const gold = { variable: 'segment', operator: 'eq', value: 'gold' } as const;
      base.nodes.push({ id: 'route', type: 'condition', branches: [{ id: 'b1', match: 'any', rules: [vip, gold] }] } as unknown as FlowNode);
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      nodeOf(mine, 'route', 'condition').branches[0]!.rules = [gold, vip];
      nodeOf(theirs, 'route', 'condition').branches[0]!.rules = [{ ...vip, operator: 'neq' }, gold];
      for (const prefer of ['mine', 'theirs'] as const) {
        const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
        // By position: [segment ≠ gold, segment = vip], silently, a rule neither editor wrote.
        expect(conflicts.map((c) => [c.nodeId, c.field])).toEqual([['route', 'branches.b1.rules']]);
        const side = prefer === 'mine' ? mine : theirs;
        expect(nodeOf(flow, 'route', 'condition').branches[0]!.rules).toEqual(nodeOf(side, 'route', 'condition').branches[0]!.rules);
      }
    });

    it('keeps a variable one editor renamed and the other marked sensitive as one variable, renamed and sensitive', () => {
      const base = sampleFlow();
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      // Awa renames « code » (as the designer does: the name field of the same row); Koffi marks it sensitive.
      mine.variables = mine.variables.map((v) => (v.name === 'code' ? { ...v, name: 'codeSecret' } : v));
      theirs.variables = theirs.variables.map((v) => (v.name === 'code' ? { ...v, sensitive: true } : v));
      for (const prefer of ['mine', 'theirs'] as const) {
        const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
        expect(conflicts).toEqual([]);
        // By name alone: « code » deleted by one, edited by the other: a conflict, and either the
        // protection lost (the value in clear in the logs) or two variables where there was one.
        expect(flow.variables.map((v) => [v.name, v.sensitive === true])).toEqual([
          ['puk', true],
          ['segment', false],
          ['codeSecret', true],
        ]);
      }
    });

    it('keeps a rename after the other editor removed the variable above and added one', () => {
      const base = sampleFlow();
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      mine.variables = mine.variables.map((v) => (v.name === 'code' ? { ...v, name: 'codeSecret' } : v));
      theirs.variables = [
        ...theirs.variables.filter((v) => v.name !== 'segment').map((v) => (v.name === 'code' ? { ...v, sensitive: true } : v)),
        { name: 'solde', type: 'string', sensitive: false, persist: false },
      ];
      const { flow, conflicts } = mergeFlows(base, mine, theirs, 'theirs');
      expect(conflicts).toEqual([]);
      expect(flow.variables.map((v) => [v.name, v.sensitive === true])).toEqual([
        ['puk', true],
        ['codeSecret', true],
        ['solde', false],
      ]);
    });

    it('lists one conflict on the name when both editors renamed one variable differently, never two variables', () => {
      const base = sampleFlow();
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      mine.variables = mine.variables.map((v) => (v.name === 'code' ? { ...v, name: 'codeSecret' } : v));
      theirs.variables = theirs.variables.map((v) => (v.name === 'code' ? { ...v, name: 'otp' } : v));
      const { flow, conflicts } = mergeFlows(base, mine, theirs, 'mine');
      expect(conflicts.map((c) => [c.field, c.mine, c.theirs])).toEqual([['variables.code.name', 'codeSecret', 'otp']]);
      expect(flow.variables.map((v) => v.name)).toEqual(['puk', 'segment', 'codeSecret']);
    });

    it('keeps each editor’s new variable and each editor’s new example, with no question', () => {
      const base = sampleFlow();
      base.nodes.push({
        id: 'why',
        type: 'intent',
        prompt: {},
        intents: [{ id: 'balance', label: {}, description: '', examples: { fr: ['solde', 'crédit'] }, needsReview: [] }],
      } as unknown as FlowNode);
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      mine.variables.push({ name: 'solde', type: 'string', sensitive: false, persist: false });
      theirs.variables.push({ name: 'forfait', type: 'string', sensitive: false, persist: false });
      nodeOf(mine, 'why', 'intent').intents[0]!.examples.fr!.push('mon solde');
      nodeOf(theirs, 'why', 'intent').intents[0]!.examples.fr!.push('il me reste combien');
      for (const prefer of ['mine', 'theirs'] as const) {
        const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
        expect(conflicts).toEqual([]);
        expect(flow.variables.map((v) => v.name).sort()).toEqual(['code', 'forfait', 'puk', 'segment', 'solde']);
        expect([...nodeOf(flow, 'why', 'intent').intents[0]!.examples.fr!].sort()).toEqual(['crédit', 'il me reste combien', 'mon solde', 'solde']);
      }
    });

    it('keeps the French label one editor wrote and the English one the other wrote on the same survey score', () => {
      const base = sampleFlow();
      const answers = [1, 2, 3].map((score) => ({ label: { fr: `Note ${score}` }, synonyms: {} }));
      base.nodes.push({ id: 'csat', type: 'survey', prompt: { fr: { text: 'Notez-nous de 1 à 3.' } }, scale: 3, answers } as unknown as FlowNode);
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      // Awa words the French, Koffi translates the same score into English; a third edits another score's words.
      nodeOf(mine, 'csat', 'survey').answers[0]!.label.fr = 'Pas du tout satisfait';
      nodeOf(theirs, 'csat', 'survey').answers[0]!.label.en = 'Not satisfied at all';
      nodeOf(theirs, 'csat', 'survey').answers[2]!.synonyms = { fr: ['très bien'] };
      for (const prefer of ['mine', 'theirs'] as const) {
        const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
        // Position is what names a score: the same answer, two fields, no question.
        expect(conflicts).toEqual([]);
        expect(nodeOf(flow, 'csat', 'survey').answers.map((a) => a.label)).toEqual([{ fr: 'Pas du tout satisfait', en: 'Not satisfied at all' }, { fr: 'Note 2' }, { fr: 'Note 3' }]);
        expect(nodeOf(flow, 'csat', 'survey').answers[2]!.synonyms).toEqual({ fr: ['très bien'] });
      }
    });

    it('lists a conflict on the score both editors worded differently, only that field', () => {
      const base = sampleFlow();
      const answers = [1, 2, 3].map((score) => ({ label: { fr: `Note ${score}` }, synonyms: {} }));
      base.nodes.push({ id: 'csat', type: 'survey', prompt: { fr: { text: 'Notez-nous de 1 à 3.' } }, scale: 3, answers } as unknown as FlowNode);
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      nodeOf(mine, 'csat', 'survey').answers[1]!.label.fr = 'Moyen';
      nodeOf(theirs, 'csat', 'survey').answers[1]!.label.fr = 'Bof';
      nodeOf(theirs, 'csat', 'survey').answers[0]!.label.en = 'Bad';
      const { flow, conflicts } = mergeFlows(base, mine, theirs, 'mine');
      expect(conflicts.map((c) => [c.nodeId, c.field])).toEqual([['csat', 'answers.1.label.fr']]);
      expect(nodeOf(flow, 'csat', 'survey').answers.map((a) => a.label)).toEqual([{ fr: 'Note 1', en: 'Bad' }, { fr: 'Moyen' }, { fr: 'Note 3' }]);
    });

    it('still merges rows by position when each row was changed by one editor at most', () => {
      const base = sampleFlow();
      const rows = [
        { variable: 'a', value: '1' },
        { variable: 'b', value: '2' },
        { variable: 'c', value: '3' },
      ];
      base.nodes.push({ id: 'assign', type: 'set', assignments: rows } as unknown as FlowNode);
      const mine = structuredClone(base);
      const theirs = structuredClone(base);
      nodeOf(mine, 'assign', 'set').assignments[0] = { variable: 'a', value: '10' };
      nodeOf(theirs, 'assign', 'set').assignments[2] = { variable: 'c', value: '30' };
      const { flow, conflicts } = mergeFlows(base, mine, theirs, 'theirs');
      expect(conflicts).toEqual([]);
      expect(nodeOf(flow, 'assign', 'set').assignments.map((a) => a.value)).toEqual(['10', '2', '30']);
    });
  });
});

describe('a variable renamed by one editor, its uses edited by the other', () => {
  const dangling = (flow: Flow) => lintFlow(flow).filter((i) => i.code === 'variable.undefined' || i.code === 'variable.undeclared');
  const renamed = (flow: Flow, from: string, to: string) => {
    const result = renameVariable(flow, from, to);
    if (!result.ok) throw new Error(result.message);
    return result.flow;
  };

  it('carries the new name into the uses the colleague wrote meanwhile, whoever is preferred, and into the same field both changed', () => {
    const base = sampleFlow();
    const mine = renamed(base, 'puk', 'codePuk');
    const theirs = structuredClone(base);
    // Koffi, on the draft before the rename: a new English use, the French prompt reworded, a new node reading it.
    nodeOf(theirs, 'notFound', 'message').prompt.en = { text: 'Unknown number (PUK {{puk}}).' };
    nodeOf(theirs, 'readPuk', 'message').prompt.fr = { text: 'Votre PUK : {{ puk | spell }}.' };
    nodeOf(theirs, 'handoff', 'handoff').priorityRules.push({ expression: 'len(puk) == 8', priority: 2 });
    for (const [first, second, prefer] of [
      [mine, theirs, 'mine'],
      [mine, theirs, 'theirs'],
      [theirs, mine, 'mine'],
    ] as const) {
      const { flow, conflicts } = mergeFlows(base, first, second, prefer);
      // Before: « {{puk}} » in three places named no variable (an empty value said on a call).
      expect(dangling(flow)).toEqual([]);
      expect(conflicts).toEqual([]);
      expect(flow.variables.map((v) => [v.name, v.sensitive])).toEqual([
        ['codePuk', true],
        ['segment', false],
        ['code', false],
      ]);
      expect(nodeOf(flow, 'notFound', 'message').prompt.en?.text).toBe('Unknown number (PUK {{codePuk}}).');
      expect(nodeOf(flow, 'readPuk', 'message').prompt.fr?.text).toBe('Votre PUK : {{ codePuk | spell }}.');
      expect(nodeOf(flow, 'readPuk', 'message').prompt.en?.text).toBe('Your PUK code is {{codePuk | spell}}.');
      expect(nodeOf(flow, 'handoff', 'handoff').priorityRules.map((r) => r.expression)).toEqual(['segment == "vip"', 'len(codePuk) == 8']);
      expect(nodeOf(flow, 'handoff', 'handoff').context).toEqual(['segment', 'codePuk']);
    }
  });

  it('lists a conflict when both reworded the same prompt, and either choice names the renamed variable', () => {
    const base = sampleFlow();
    const mine = renamed(base, 'puk', 'codePuk');
    nodeOf(mine, 'readPuk', 'message').prompt.fr = { text: 'Votre code : {{codePuk | spell}}.' };
    const theirs = structuredClone(base);
    nodeOf(theirs, 'readPuk', 'message').prompt.fr = { text: 'Le PUK est {{puk | spell}}.' };
    for (const prefer of ['mine', 'theirs'] as const) {
      const { flow, conflicts } = mergeFlows(base, mine, theirs, prefer);
      expect(conflicts.map((c) => [c.field, c.mine, c.theirs])).toEqual([['prompt.fr.text', 'Votre code : {{codePuk | spell}}.', 'Le PUK est {{codePuk | spell}}.']]);
      expect(dangling(flow)).toEqual([]);
    }
  });

  it('leaves two different renames of one variable to the name conflict, as before', () => {
    const base = sampleFlow();
    const { flow, conflicts } = mergeFlows(base, renamed(base, 'code', 'codeSecret'), renamed(base, 'code', 'otp'), 'mine');
    expect(conflicts.map((c) => [c.field, c.mine, c.theirs])).toEqual([['variables.code.name', 'codeSecret', 'otp']]);
    expect(flow.variables.map((v) => v.name)).toEqual(['puk', 'segment', 'codeSecret']);
  });

  it("takes a variable removed and another added in its place for what they are, not a rename: the colleague's uses keep their name", () => {
    const base = sampleFlow();
    // Ama removes « code » and declares « montant » (a plain digits variable as « code » was) at the end of the list.
    const mine: Flow = { ...base, variables: [...base.variables.filter((v) => v.name !== 'code'), { name: 'montant', type: 'digits', sensitive: false, persist: false }] };
    const theirs = structuredClone(base);
    nodeOf(theirs, 'notFound', 'message').prompt.en = { text: 'Unknown number (code {{code}}).' };
    for (const [first, second] of [
      [mine, theirs],
      [theirs, mine],
    ] as const) {
      const { flow } = mergeFlows(base, first, second, 'mine');
      // Before: the new use read « {{montant}} », another variable's value said where the code was meant.
      expect(nodeOf(flow, 'notFound', 'message').prompt.en?.text).toBe('Unknown number (code {{code}}).');
    }
  });
});
