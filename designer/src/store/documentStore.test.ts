import { describe, expect, it } from 'vitest';
import { Flow, canonicalJson, mergeFlows, type FlowInput } from '@griot/flows';
import { createDocumentStore } from './documentStore.ts';

function smallFlow(): Flow {
  const input: FlowInput = {
    schemaVersion: 2,
    id: 'small',
    name: 'Small',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
      { code: 'en', name: 'English', tts: { vendor: 'google' } },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'menu',
        type: 'menu',
        prompt: { fr: { text: 'Tapez 1' } },
        options: [
          { id: 'o1', key: '1', label: { fr: 'Solde' } },
          { id: 'o2', key: '2', label: { fr: 'Conseiller' } },
        ],
      },
      { id: 'bye', type: 'end' },
      { id: 'jump', type: 'goto', target: 'menu' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', output: 'o1', target: 'bye' },
      { id: 'e3', source: 'menu', output: 'o2', target: 'jump' },
    ],
    settings: { mainMenuNode: 'menu' },
  };
  return Flow.parse(input);
}

function openStore() {
  let clock = 0;
  const store = createDocumentStore(() => clock);
  store.getState().load('small', smallFlow(), 3);
  return { store, tick: (ms: number) => (clock += ms), doc: () => store.getState().doc as Flow, actions: store.getState().actions };
}

describe('document store', () => {
  it('undoes and redoes named actions, and knows when the document is back to what was saved', () => {
    const { store, doc, actions } = openStore();
    actions.connect('menu', 'noInput', 'bye');
    expect(store.getState().past.map((p) => p.name)).toEqual(['connect']);
    expect(doc()).not.toBe(store.getState().savedDoc);
    store.getState().undo();
    expect(doc()).toBe(store.getState().savedDoc);
    store.getState().redo();
    expect(doc().edges.some((e) => e.source === 'menu' && e.output === 'noInput')).toBe(true);
    expect(store.getState().future).toEqual([]);
  });

  it('adds a node between a node and its successor in one step that one undo takes back', () => {
    const { store, doc, actions } = openStore();
    const before = doc();
    actions.addNode({ id: 'hello', type: 'message', position: { x: 0, y: 0 }, prompt: { fr: { text: 'Bonjour' } } } as Flow['nodes'][number], {
      source: 'start',
      output: 'next',
      continueBy: 'next',
    });
    expect(
      doc()
        .edges.filter((e) => e.source === 'start' || e.source === 'hello')
        .map((e) => `${e.source}.${e.output}→${e.target}`),
    ).toEqual(['start.next→hello', 'hello.next→menu']);
    expect(store.getState().past.map((p) => p.name)).toEqual(['addNode']);
    store.getState().undo();
    expect(doc()).toBe(before);
  });

  it('merges typing in one field into one undo step, but not after a pause', () => {
    const { store, tick, doc, actions } = openStore();
    for (const text of ['T', 'Ta', 'Tap']) {
      actions.setPromptText('menu', 'prompt', 'en', text);
      tick(200);
    }
    expect(store.getState().past).toHaveLength(1);
    tick(5000);
    actions.setPromptText('menu', 'prompt', 'en', 'Tape');
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    store.getState().undo();
    const menu = doc().nodes.find((n) => n.id === 'menu');
    expect(menu?.type === 'menu' && menu.prompt.en).toBeUndefined();
  });

  it('a change that changes nothing is not a step', () => {
    const { store, actions } = openStore();
    actions.connect('start', 'next', 'menu');
    actions.moveNodes({});
    expect(store.getState().past).toEqual([]);
  });

  it('connecting an output again replaces its edge (one edge per output)', () => {
    const { doc, actions } = openStore();
    actions.connect('menu', 'o1', 'jump');
    const fromO1 = doc().edges.filter((e) => e.source === 'menu' && e.output === 'o1');
    expect(fromO1).toEqual([{ id: 'e2', source: 'menu', output: 'o1', target: 'jump' }]);
  });

  it('renaming a node renames it in edges, jumps and settings', () => {
    const { doc, actions } = openStore();
    actions.renameNode('menu', 'mainMenu');
    expect(doc().edges.map((e) => `${e.source}>${e.target}`)).toEqual(['start>mainMenu', 'mainMenu>bye', 'mainMenu>jump']);
    expect(doc().nodes.find((n) => n.id === 'jump')).toMatchObject({ target: 'mainMenu' });
    expect(doc().settings.mainMenuNode).toBe('mainMenu');
  });

  it('refuses to rename onto an existing id', () => {
    const { store, actions } = openStore();
    actions.renameNode('menu', 'bye');
    expect(store.getState().past).toEqual([]);
  });

  it('deleting a node deletes the edges that touch it', () => {
    const { doc, actions } = openStore();
    actions.deleteElements(['bye']);
    expect(doc().nodes.map((n) => n.id)).toEqual(['start', 'menu', 'jump']);
    expect(doc().edges.map((e) => e.id)).toEqual(['e1', 'e3']);
  });

  it('renaming and removing a menu option keeps its edge in step', () => {
    const { doc, actions } = openStore();
    actions.renameOutput('menu', 0, 'balance');
    expect(doc().edges.find((e) => e.id === 'e2')?.output).toBe('balance');
    actions.removeOutput('menu', 0);
    expect(doc().edges.find((e) => e.id === 'e2')).toBeUndefined();
    const menu = doc().nodes.find((n) => n.id === 'menu');
    expect(menu?.type === 'menu' && menu.options.map((o) => o.id)).toEqual(['o2']);
  });

  it('adds an option with the next free key', () => {
    const { doc, actions } = openStore();
    actions.addMenuOption('menu');
    const menu = doc().nodes.find((n) => n.id === 'menu');
    expect(menu?.type === 'menu' && menu.options[2]).toMatchObject({ id: 'o3', key: '3' });
  });

  it('an emptied prompt version is removed, not left as an empty object', () => {
    const { doc, actions } = openStore();
    actions.setPromptText('menu', 'prompt', 'fr', '');
    const menu = doc().nodes.find((n) => n.id === 'menu');
    expect(menu?.type === 'menu' && menu.prompt).toEqual({});
    actions.setPromptAudio('menu', 'prompt', 'fr', 'menu-prompt-fr.wav');
    const again = doc().nodes.find((n) => n.id === 'menu');
    expect(again?.type === 'menu' && again.prompt).toEqual({ fr: { audio: 'menu-prompt-fr.wav' } });
  });

  it('writes a variant of a prompt for a channel, keeps it valid, and removes it back to the plain version', () => {
    const { doc, actions } = openStore();
    const prompt = () => {
      const menu = doc().nodes.find((n) => n.id === 'menu');
      return menu?.type === 'menu' ? menu.prompt : undefined;
    };
    actions.addPromptVariant('menu', 'prompt', 'fr', 'sms');
    actions.setPromptVariantText('menu', 'prompt', 'fr', 'sms', 'Répondez 1');
    expect(prompt()).toEqual({ fr: { text: 'Tapez 1', variants: { sms: { text: 'Répondez 1' } } } });
    expect(Flow.safeParse(doc()).success).toBe(true);
    // A version with only a variant (no text of its own yet) stays in the document.
    actions.addPromptVariant('menu', 'prompt', 'en', 'buttons');
    expect(prompt()?.en).toEqual({ variants: { buttons: {} } });
    actions.removePromptVariant('menu', 'prompt', 'en', 'buttons');
    actions.removePromptVariant('menu', 'prompt', 'fr', 'sms');
    expect(prompt()).toEqual({ fr: { text: 'Tapez 1' } });
  });

  it('a moved node is one step, whatever the number of nodes dragged', () => {
    const { store, doc, actions } = openStore();
    actions.moveNodes({ menu: { x: 10.4, y: 20.6 }, bye: { x: 300, y: 0 } });
    expect(store.getState().past.map((p) => p.name)).toEqual(['moveNodes']);
    expect(doc().nodes.find((n) => n.id === 'menu')?.position).toEqual({ x: 10, y: 21 });
  });

  it('keeps the untouched nodes as the same objects (the canvas skips them)', () => {
    const { doc, actions } = openStore();
    const before = doc();
    actions.setNodeField('menu', 'timeoutSeconds', 12);
    expect(doc().nodes[0]).toBe(before.nodes[0]);
    expect(doc().nodes[2]).toBe(before.nodes[2]);
    expect(doc().nodes[1]).not.toBe(before.nodes[1]);
  });

  it('locales: add, make default, remove (never the last one)', () => {
    const { doc, actions } = openStore();
    actions.addLocale({ code: 'fon', name: 'Fɔngbè', tts: null, asr: null });
    actions.makeDefaultLocale('fon');
    expect(doc().locales.map((l) => l.code)).toEqual(['fon', 'fr', 'en']);
    actions.removeLocale('fr');
    actions.removeLocale('en');
    actions.removeLocale('fon');
    expect(doc().locales.map((l) => l.code)).toEqual(['fon']);
  });

  it('rebase takes their revision as the base and the merged document, which no undo takes back', () => {
    const { store, actions, doc } = openStore();
    actions.setFlowName('Mine');
    const theirs = { ...doc(), name: 'Theirs' };
    const merged = { ...doc(), name: 'Merged' };
    store.getState().rebase(7, theirs, merged);
    expect(store.getState().revision).toBe(7);
    expect(store.getState().doc?.name).toBe('Merged');
    expect(store.getState().savedDoc).toBe(theirs);
    // The name is the merge's (both changed it): my step is not taken back over it, and says so.
    store.getState().undo();
    expect(store.getState().doc?.name).toBe('Merged');
    expect(store.getState().past).toEqual([]);
    expect(store.getState().refused).toMatchObject({ name: 'editFlow', direction: 'undo' });
  });
});

/** A colleague's draft (`theirs`) merged in as the conflict dialog does, after my own steps. */
function mergedWithColleague() {
  const { store, doc, tick, actions } = openStore();
  const base = doc();
  actions.setPromptText('menu', 'prompt', 'en', 'Press 1');
  tick(5000);
  actions.connect('menu', 'noInput', 'bye');
  // Awa, the colleague, changed the French prompt and the second option's label and saved revision 4.
  const theirs = structuredClone(base);
  const menu = theirs.nodes.find((n) => n.id === 'menu') as Extract<Flow['nodes'][number], { type: 'menu' }>;
  menu.prompt.fr = { text: 'Tapez 1 (Awa)' };
  (menu.options[1] as { label: Record<string, string> }).label.fr = 'Un conseiller (Awa)';
  const merged = mergeFlows(base, doc(), theirs, 'mine').flow;
  store.getState().rebase(4, theirs, merged);
  const menuOf = () => doc().nodes.find((n) => n.id === 'menu') as Extract<Flow['nodes'][number], { type: 'menu' }>;
  return { store, doc, tick, actions, theirs, menuOf };
}

describe('undo after a colleague’s draft was merged in', () => {
  it('takes back my own last steps one by one and keeps every change the colleague saved', () => {
    const { store, doc, menuOf } = mergedWithColleague();
    expect(store.getState().past.map((p) => p.name)).toEqual(['editNode', 'connect']);
    store.getState().undo();
    expect(doc().edges.some((e) => e.source === 'menu' && e.output === 'noInput')).toBe(false);
    expect(menuOf().prompt.en?.text).toBe('Press 1');
    store.getState().undo();
    expect(menuOf().prompt.en).toBeUndefined();
    // Awa's changes are all still there: what the next save sends on her revision keeps them.
    expect(menuOf().prompt.fr?.text).toBe('Tapez 1 (Awa)');
    expect(menuOf().options[1]?.label.fr).toBe('Un conseiller (Awa)');
    expect(store.getState().revision).toBe(4);
    // Everything of mine undone: the document is Awa's draft again, nothing left to save.
    expect(canonicalJson(doc())).toBe(canonicalJson(store.getState().savedDoc));
    expect(store.getState().refused).toBeNull();
  });

  it('redoes those steps on the merged document, still with the colleague’s changes', () => {
    const { store, doc, menuOf } = mergedWithColleague();
    const merged = doc();
    store.getState().undo();
    store.getState().undo();
    expect(menuOf().prompt.fr?.text).toBe('Tapez 1 (Awa)');
    store.getState().redo();
    expect(menuOf().prompt.en?.text).toBe('Press 1');
    store.getState().redo();
    expect(doc()).toEqual(merged);
    expect(menuOf().prompt.fr?.text).toBe('Tapez 1 (Awa)');
  });

  it('redoes on a draft merged between the undo and the redo, keeping that colleague’s change too', () => {
    const { store, doc, menuOf } = mergedWithColleague();
    store.getState().undo();
    const theirs = structuredClone(doc());
    theirs.name = 'Renamed by Koffi';
    store.getState().rebase(5, theirs, theirs);
    store.getState().redo();
    expect(doc().name).toBe('Renamed by Koffi');
    expect(doc().edges.some((e) => e.source === 'menu' && e.output === 'noInput')).toBe(true);
    expect(menuOf().prompt.fr?.text).toBe('Tapez 1 (Awa)');
  });

  it('refuses an undo that would take back what the colleague changed over my step, and says which step', () => {
    const { store, doc, actions, tick } = openStore();
    const base = doc();
    actions.setPromptText('menu', 'prompt', 'fr', 'Tapez 1 (moi)');
    tick(5000);
    actions.setFlowName('Mine');
    const theirs = structuredClone(base);
    (theirs.nodes.find((n) => n.id === 'menu') as { prompt: Record<string, { text: string }> }).prompt.fr = { text: 'Tapez 1 (Awa)' };
    // « Garder sa version de ces champs »: the French prompt is Awa's.
    store.getState().rebase(4, theirs, mergeFlows(base, doc(), theirs, 'theirs').flow);
    store.getState().undo();
    expect(doc().name).toBe('Small');
    store.getState().undo();
    const prompt = (doc().nodes.find((n) => n.id === 'menu') as { prompt: Record<string, { text: string }> }).prompt;
    expect(prompt.fr?.text).toBe('Tapez 1 (Awa)');
    expect(store.getState().refused).toMatchObject({ name: 'editNode', direction: 'undo' });
    expect(store.getState().past).toEqual([]);
  });

  it('refuses to undo a node the colleague has since connected to, rather than drop their connection', () => {
    const { store, doc, actions } = openStore();
    const base = doc();
    actions.addNode({ id: 'hello', type: 'message', position: { x: 0, y: 0 }, prompt: { fr: { text: 'Bonjour' } } } as Flow['nodes'][number]);
    const theirs = structuredClone(doc());
    theirs.edges.push({ id: 'awa', source: 'menu', output: 'noInput', target: 'hello' } as Flow['edges'][number]);
    store.getState().rebase(4, theirs, mergeFlows(base, doc(), theirs, 'mine').flow);
    store.getState().undo();
    expect(doc().edges.some((e) => e.id === 'awa')).toBe(true);
    expect(doc().nodes.some((n) => n.id === 'hello')).toBe(true);
    expect(store.getState().refused?.name).toBe('addNode');
  });

  it('starts a new step for typing that goes on after the merge, so its undo keeps the colleague’s changes', () => {
    const { store, actions, menuOf, tick } = mergedWithColleague();
    store.getState().undo();
    actions.setPromptText('menu', 'prompt', 'en', 'Press 1 for');
    tick(100);
    const theirs = structuredClone(store.getState().doc as Flow);
    theirs.name = 'Renamed by Koffi';
    store.getState().rebase(5, theirs, theirs);
    actions.setPromptText('menu', 'prompt', 'en', 'Press 1 for PUK');
    store.getState().undo();
    expect(menuOf().prompt.en?.text).toBe('Press 1 for');
    expect(store.getState().doc?.name).toBe('Renamed by Koffi');
    expect(menuOf().prompt.fr?.text).toBe('Tapez 1 (Awa)');
  });
});

describe('undo after « Garder ma version » replaced a colleague’s change', () => {
  type Menu = Extract<Flow['nodes'][number], { type: 'menu' }>;
  const menuIn = (flow: Flow) => flow.nodes.find((n) => n.id === 'menu') as Menu;

  it('refuses to undo my step on a field where the merge kept mine over the colleague’s: neither text would be left', () => {
    const { store, doc, actions, tick } = openStore();
    const base = doc();
    actions.setPromptText('menu', 'prompt', 'fr', 'Tapez 1 (moi)');
    tick(5000);
    actions.setFlowName('Mine');
    // Awa saved her own French prompt meanwhile; the conflict dialog's « Garder ma version de ces champs ».
    const theirs = structuredClone(base);
    menuIn(theirs).prompt.fr = { text: 'Tapez 1 (Awa)' };
    store.getState().rebase(4, theirs, mergeFlows(base, doc(), theirs, 'mine').flow);
    store.getState().undo();
    expect(doc().name).toBe('Small');
    store.getState().undo();
    // Taken back to « Tapez 1 », the prompt would hold neither my text nor Awa's, and the next save would send that.
    expect(menuIn(doc()).prompt.fr?.text).toBe('Tapez 1 (moi)');
    expect(store.getState().refused).toMatchObject({ name: 'editNode', direction: 'undo' });
    expect(store.getState().past).toEqual([]);
  });

  it('refuses to bring back, as it was before, a node I deleted and the colleague had edited', () => {
    const { store, doc, actions } = openStore();
    const base = doc();
    actions.deleteElements(['bye']);
    const theirs = structuredClone(base);
    (theirs.nodes.find((n) => n.id === 'bye') as { prompt?: unknown }).prompt = { fr: { text: 'Au revoir (Awa)' } };
    store.getState().rebase(4, theirs, mergeFlows(base, doc(), theirs, 'mine').flow);
    expect(doc().nodes.some((n) => n.id === 'bye')).toBe(false);
    store.getState().undo();
    expect(doc().nodes.some((n) => n.id === 'bye')).toBe(false);
    expect(store.getState().refused?.name).toBe('delete');
  });

  it('refuses to undo my step where the colleague had made the very same change: undone, theirs would go too', () => {
    const { store, doc, actions, tick } = openStore();
    const base = doc();
    actions.setPromptText('menu', 'prompt', 'fr', 'Tapez 1 pour votre solde');
    tick(5000);
    actions.setFlowName('Mine');
    // Awa fixed the same prompt the same way, and renamed an option: no conflict, both kept.
    const theirs = structuredClone(base);
    menuIn(theirs).prompt.fr = { text: 'Tapez 1 pour votre solde' };
    (menuIn(theirs).options[1] as { label: Record<string, string> }).label.fr = 'Un conseiller';
    store.getState().rebase(4, theirs, mergeFlows(base, doc(), theirs, 'mine').flow);
    store.getState().undo();
    expect(doc().name).toBe('Small');
    store.getState().undo();
    expect(menuIn(doc()).prompt.fr?.text).toBe('Tapez 1 pour votre solde');
    expect(menuIn(doc()).options[1]?.label.fr).toBe('Un conseiller');
    expect(store.getState().refused).toMatchObject({ name: 'editNode', direction: 'undo' });
  });

  it('still undoes my later steps, and an edit of that field made after the merge, back to the merged text', () => {
    const { store, doc, actions, tick } = openStore();
    const base = doc();
    actions.setPromptText('menu', 'prompt', 'fr', 'Tapez 1 (moi)');
    const theirs = structuredClone(base);
    menuIn(theirs).prompt.fr = { text: 'Tapez 1 (Awa)' };
    store.getState().rebase(4, theirs, mergeFlows(base, doc(), theirs, 'mine').flow);
    tick(5000);
    actions.setPromptText('menu', 'prompt', 'fr', 'Tapez 1 (moi, corrigé)');
    tick(5000);
    actions.setFlowName('Mine');
    store.getState().undo();
    expect(doc().name).toBe('Small');
    store.getState().undo();
    expect(menuIn(doc()).prompt.fr?.text).toBe('Tapez 1 (moi)');
    expect(store.getState().refused).toBeNull();
    store.getState().undo();
    expect(menuIn(doc()).prompt.fr?.text).toBe('Tapez 1 (moi)');
    expect(store.getState().refused?.direction).toBe('undo');
  });
});

describe('undo of an output the colleague has since connected', () => {
  it('refuses to take back a menu option a colleague’s saved connection now leaves from, rather than leave it from no option', () => {
    const { store, doc, actions } = openStore();
    actions.addMenuOption('menu');
    const menu = doc().nodes.find((n) => n.id === 'menu') as Extract<Flow['nodes'][number], { type: 'menu' }>;
    const added = menu.options[2]?.id as string;
    // Awa's draft, followed from the tab: she connected the new option to the goodbye.
    const theirs = structuredClone(doc());
    theirs.edges.push({ id: 'awa', source: 'menu', output: added, target: 'bye' } as Flow['edges'][number]);
    store.getState().rebase(4, theirs, theirs);
    store.getState().undo();
    const options = (doc().nodes.find((n) => n.id === 'menu') as typeof menu).options.map((o) => o.id);
    expect(doc().edges.find((e) => e.id === 'awa')).toBeDefined();
    expect(options).toContain(added);
    expect(store.getState().refused?.name).toBe('addOption');
  });
});

describe('undo after a merge, in lists whose items have no id', () => {
  it('takes back my marking of a variable as sensitive on that variable, after a colleague removed one above it and added one', () => {
    const { store, doc, actions, tick } = openStore();
    for (const name of ['puk', 'segment', 'code']) actions.addVariable({ name, type: 'string', sensitive: false, persist: false });
    tick(5000);
    const base = doc();
    actions.updateVariable(2, { sensitive: true });
    // Koffi removed « segment » and added « solde » meanwhile; the merge keeps my « code » sensitive.
    const theirs = structuredClone(base);
    theirs.variables = [...theirs.variables.filter((v) => v.name !== 'segment'), { name: 'solde', type: 'string', sensitive: false, persist: false }];
    const merged = mergeFlows(base, doc(), theirs, 'mine');
    expect(merged.conflicts).toEqual([]);
    // By position, the merge made « solde » sensitive and left « code » in clear.
    expect(merged.flow.variables.map((v) => [v.name, v.sensitive])).toEqual([
      ['puk', false],
      ['code', true],
      ['solde', false],
    ]);
    // The undo on its own, from that merged draft.
    store.getState().rebase(4, theirs, { ...theirs, variables: [theirs.variables[0], doc().variables[2], theirs.variables[2]] as Flow['variables'] });
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    // By position, the undo left « code » sensitive (it took back nothing the editor could see).
    expect(doc().variables.map((v) => [v.name, v.sensitive])).toEqual([
      ['puk', false],
      ['code', false],
      ['solde', false],
    ]);
  });

  it('takes back an example I put at the top, keeping the colleague’s edit of the one below on its own word', () => {
    const { store, doc, actions, tick } = openStore();
    actions.addNode({
      id: 'why',
      type: 'intent',
      position: { x: 0, y: 0 },
      prompt: {},
      intents: [{ id: 'balance', label: {}, description: '', examples: { fr: ['solde', 'crédit'] }, needsReview: [] }],
    } as unknown as Flow['nodes'][number]);
    tick(5000);
    const base = doc();
    const intentIn = (flow: Flow) => (flow.nodes.find((n) => n.id === 'why') as Extract<Flow['nodes'][number], { type: 'intent' }>).intents[0] as { examples: Record<string, string[]> };
    actions.updateNode('why', (node) => ({ ...node, intents: [{ ...intentIn(base), examples: { fr: ['mon solde', 'solde', 'crédit'] } }] }) as unknown as Flow['nodes'][number]);
    const theirs = structuredClone(base);
    intentIn(theirs).examples.fr = ['solde', 'crédit restant'];
    const merged = mergeFlows(base, doc(), theirs, 'mine');
    expect(merged.conflicts).toEqual([]);
    store.getState().rebase(4, theirs, merged.flow);
    expect(intentIn(doc()).examples.fr).toEqual(['mon solde', 'solde', 'crédit restant']);
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(intentIn(doc()).examples.fr).toEqual(['solde', 'crédit restant']);
  });
});

describe('undo of a step whose output a merge dropped a colleague’s connection from', () => {
  type Menu = Extract<Flow['nodes'][number], { type: 'menu' }>;
  const menuIn = (flow: Flow) => flow.nodes.find((n) => n.id === 'menu') as Menu;

  it('brings back Awa’s connection from the menu option when my removal of that option is undone', () => {
    const { store, doc, actions, tick } = openStore();
    actions.addMenuOption('menu');
    const added = menuIn(doc()).options[2]?.id as string;
    store.getState().markSaved(4, doc());
    tick(5000);
    const base = doc();
    actions.removeOutput('menu', 2);
    // Awa connected the option meanwhile; the merge drops her connection with the option I removed (listed).
    const theirs = structuredClone(base);
    theirs.edges.push({ id: 'awa', source: 'menu', output: added, target: 'bye' } as Flow['edges'][number]);
    const merged = mergeFlows(base, doc(), theirs, 'mine');
    expect(merged.conflicts.map((c) => c.edgeId)).toEqual(['awa']);
    store.getState().rebase(5, theirs, merged.flow);
    expect(doc().edges.some((e) => e.id === 'awa')).toBe(false);

    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(menuIn(doc()).options.map((o) => o.id)).toContain(added);
    expect(doc().edges.find((e) => e.id === 'awa')).toMatchObject({ source: 'menu', output: added, target: 'bye' });
    // Redo removes the option again, and her connection with it; undo brings both back.
    store.getState().redo();
    expect(doc().edges.some((e) => e.id === 'awa')).toBe(false);
    store.getState().undo();
    expect(doc().edges.some((e) => e.id === 'awa')).toBe(true);
  });

  it('brings back Awa’s connection into a node I deleted when the deletion is undone, after my later steps', () => {
    const { store, doc, actions } = openStore();
    const base = doc();
    actions.deleteElements(['bye']);
    const theirs = structuredClone(base);
    theirs.edges.push({ id: 'awa', source: 'menu', output: 'noInput', target: 'bye' } as Flow['edges'][number]);
    store.getState().rebase(4, theirs, mergeFlows(base, doc(), theirs, 'mine').flow);
    expect(doc().edges.some((e) => e.id === 'awa')).toBe(false);
    actions.connect('menu', 'noInput', 'jump');
    store.getState().undo();
    store.getState().undo();
    expect(doc().nodes.some((n) => n.id === 'bye')).toBe(true);
    expect(doc().edges.find((e) => e.id === 'awa')).toMatchObject({ source: 'menu', output: 'noInput', target: 'bye' });
  });
});

describe('undo of a variable rename after a colleague used the new name', () => {
  type Menu = Extract<Flow['nodes'][number], { type: 'menu' }>;
  const menuIn = (flow: Flow) => flow.nodes.find((n) => n.id === 'menu') as Menu;
  const withSolde = () => {
    const opened = openStore();
    opened.actions.addVariable({ name: 'solde', type: 'string', sensitive: false, persist: false });
    opened.tick(5000);
    return opened;
  };

  it('takes the rename back with Awa’s new « {{balance}} », which follows the variable back to « solde » rather than naming no variable', () => {
    const { store, doc, actions } = withSolde();
    actions.renameVariable('solde', 'balance');
    // Awa, on the draft I saved, writes the prompt with the new name; her draft is followed here.
    const theirs = structuredClone(doc());
    menuIn(theirs).prompt.en = { text: 'Your balance is {{balance}}.' };
    store.getState().rebase(5, theirs, theirs);
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(doc().variables.map((v) => v.name)).toEqual(['solde']);
    expect(menuIn(doc()).prompt.en?.text).toBe('Your balance is {{solde}}.');
  });

  it('refuses to take back the addition of a variable Awa has used since, naming it', () => {
    const { store, doc, actions } = withSolde();
    actions.addVariable({ name: 'balance', type: 'number', sensitive: false, persist: false });
    const theirs = structuredClone(doc());
    menuIn(theirs).prompt.en = { text: 'Your balance is {{balance}}.' };
    store.getState().rebase(5, theirs, theirs);
    store.getState().undo();
    expect(store.getState().refused).toMatchObject({ name: 'addVariable', direction: 'undo', variables: ['balance'] });
    expect(menuIn(doc()).prompt.en?.text).toBe('Your balance is {{balance}}.');
  });

  it('still takes a rename back when what the colleague changed uses no name it takes away', () => {
    const { store, doc, actions } = withSolde();
    actions.renameVariable('solde', 'balance');
    const theirs = structuredClone(doc());
    menuIn(theirs).prompt.en = { text: 'Main menu.' };
    store.getState().rebase(5, theirs, theirs);
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(doc().variables.map((v) => v.name)).toEqual(['solde']);
    expect(menuIn(doc()).prompt.en?.text).toBe('Main menu.');
  });
});

describe('undo after a merge, of a step that has nothing to do with a connection I deleted', () => {
  it('takes back my renaming only, leaving deleted the connection I deleted before it (the colleague’s draft still had it, untouched)', () => {
    const { store, doc, actions, tick } = openStore();
    const base = doc();
    actions.deleteElements([], ['e2']);
    tick(5000);
    actions.setFlowName('Self-care 1919');
    // Awa, on the same saved draft, writes the English prompt; her draft still has « e2 », untouched.
    const theirs = structuredClone(base);
    (theirs.nodes.find((n) => n.id === 'menu') as { prompt: Record<string, unknown> }).prompt.en = { text: 'Press 1' };
    const merged = mergeFlows(base, doc(), theirs, 'mine');
    expect(merged.conflicts).toEqual([]);
    store.getState().rebase(4, theirs, merged.flow);
    expect(doc().edges.some((e) => e.id === 'e2')).toBe(false);
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(doc().name).toBe('Small');
    // « Solde » still leads nowhere, as I left it, and Awa's prompt stays.
    expect(doc().edges.some((e) => e.id === 'e2')).toBe(false);
    expect((doc().nodes.find((n) => n.id === 'menu') as { prompt: Record<string, { text: string }> }).prompt.en?.text).toBe('Press 1');
    // The next Ctrl+Z is the one that brings it back.
    store.getState().undo();
    expect(doc().edges.find((e) => e.id === 'e2')).toMatchObject({ source: 'menu', output: 'o1', target: 'bye' });
  });
});

describe('undo of a variable rename after a colleague edited that variable', () => {
  it('takes back the name only, keeping the colleague’s marking as sensitive on the variable', () => {
    const { store, doc, actions, tick } = openStore();
    actions.addVariable({ name: 'code', type: 'digits', sensitive: false, persist: false });
    tick(5000);
    const base = doc();
    actions.updateVariable(0, { name: 'codeSecret' });
    // Koffi marked « code » sensitive meanwhile; the merge keeps one variable, renamed and sensitive.
    const theirs = structuredClone(base);
    theirs.variables = [{ ...theirs.variables[0], sensitive: true } as Flow['variables'][number]];
    const merged = mergeFlows(base, doc(), theirs, 'mine');
    expect(merged.conflicts).toEqual([]);
    store.getState().rebase(4, theirs, merged.flow);
    expect(doc().variables.map((v) => [v.name, v.sensitive])).toEqual([['codeSecret', true]]);
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(doc().variables.map((v) => [v.name, v.sensitive])).toEqual([['code', true]]);
  });
});

describe('« Reprendre sa version » after a merge already saved', () => {
  it('drops the step made since that save, and keeps my older steps undoable on the colleague’s draft', () => {
    const { store, doc, actions, tick } = openStore();
    actions.setFlowName('Self-care 1919');
    store.getState().markSaved(4, doc());
    const saved = doc();
    // Awa's draft came in: merged, then the merged draft saved.
    const awas = structuredClone(saved);
    (awas.nodes.find((n) => n.id === 'menu') as { prompt: Record<string, unknown> }).prompt.en = { text: 'Press 1' };
    store.getState().rebase(5, awas, mergeFlows(saved, doc(), awas, 'mine').flow);
    store.getState().markSaved(6, doc());
    tick(5000);
    // Not sent: I delete the jump; Koffi meanwhile edited it, and I take his version.
    actions.deleteElements(['jump']);
    const koffis = structuredClone(store.getState().savedDoc as Flow);
    (koffis.nodes.find((n) => n.id === 'jump') as { label?: string }).label = 'Retour au menu';
    store.getState().discard(7, koffis);
    expect(store.getState().past.map((p) => p.name)).toEqual(['editFlow']);
    // Ctrl+Z takes back my saved renaming, never the deletion given up with the rest.
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(doc().name).toBe('Small');
    expect(doc().nodes.find((n) => n.id === 'jump')).toMatchObject({ label: 'Retour au menu' });
  });
});

describe('« Renommer » a variable with all its uses', () => {
  type Menu = Extract<Flow['nodes'][number], { type: 'menu' }>;
  const menuIn = (flow: Flow) => flow.nodes.find((n) => n.id === 'menu') as Menu;
  const withUses = () => {
    const opened = openStore();
    opened.actions.addVariable({ name: 'solde', type: 'number', sensitive: true, persist: false });
    opened.actions.setPromptText('menu', 'prompt', 'fr', 'Votre solde est {{solde | amount}}.');
    opened.actions.setPromptText('menu', 'prompt', 'en', 'Your balance is {{solde}}.');
    opened.tick(5000);
    return opened;
  };

  it('renames every use in one step, says how many, and one undo restores them all (and a redo renames them again)', () => {
    const { store, doc, actions } = withUses();
    const before = doc();
    const result = actions.renameVariable('solde', 'balance');
    expect(result).toMatchObject({ ok: true, uses: 2 });
    expect(doc().variables).toEqual([{ name: 'balance', type: 'number', sensitive: true, persist: false, formerNames: ['solde'] }]);
    expect(menuIn(doc()).prompt.fr?.text).toBe('Votre solde est {{balance | amount}}.');
    expect(menuIn(doc()).prompt.en?.text).toBe('Your balance is {{balance}}.');
    expect(store.getState().past.at(-1)?.name).toBe('renameVariable');
    const after = doc();
    store.getState().undo();
    expect(doc()).toBe(before);
    store.getState().redo();
    expect(doc()).toEqual(after);
  });

  it('refuses a name taken, reserved or invalid, leaving the document and the history as they were', () => {
    const { store, doc, actions } = withUses();
    actions.addVariable({ name: 'other', type: 'string', sensitive: false, persist: false });
    const before = doc();
    const steps = store.getState().past.length;
    expect(actions.renameVariable('solde', 'other')).toMatchObject({ ok: false, reason: 'taken' });
    expect(actions.renameVariable('solde', 'caller')).toMatchObject({ ok: false, reason: 'reserved' });
    expect(actions.renameVariable('solde', '1solde')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(doc()).toBe(before);
    expect(store.getState().past).toHaveLength(steps);
  });

  it('undoes the rename after a colleague wrote a new use with the new name: it follows back, nothing left dangling', () => {
    const { store, doc, actions } = withUses();
    actions.renameVariable('solde', 'balance');
    const theirs = structuredClone(doc());
    (theirs.nodes.find((n) => n.id === 'bye') as { prompt?: unknown }).prompt = { fr: { text: 'Il vous reste {{balance}}.' } };
    store.getState().rebase(5, theirs, theirs);
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(doc().variables.map((v) => v.name)).toEqual(['solde']);
    expect(menuIn(doc()).prompt.en?.text).toBe('Your balance is {{solde}}.');
    expect((doc().nodes.find((n) => n.id === 'bye') as { prompt?: { fr?: { text?: string } } }).prompt?.fr?.text).toBe('Il vous reste {{solde}}.');
  });

  it('merges a colleague’s new use of the old name, written before they saw the rename, under the new name', () => {
    const { store, doc, actions } = withUses();
    store.getState().markSaved(4, doc());
    const saved = doc();
    actions.renameVariable('solde', 'balance');
    const theirs = structuredClone(saved);
    (theirs.nodes.find((n) => n.id === 'bye') as { prompt?: unknown }).prompt = { fr: { text: 'Il vous reste {{solde}}.' } };
    const merged = mergeFlows(saved, doc(), theirs, 'mine');
    expect(merged.conflicts).toEqual([]);
    store.getState().rebase(5, theirs, merged.flow);
    expect((doc().nodes.find((n) => n.id === 'bye') as { prompt?: { fr?: { text?: string } } }).prompt?.fr?.text).toBe('Il vous reste {{balance}}.');
    // And the undo of the rename takes that one back too.
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect((doc().nodes.find((n) => n.id === 'bye') as { prompt?: { fr?: { text?: string } } }).prompt?.fr?.text).toBe('Il vous reste {{solde}}.');
    expect(doc().variables.map((v) => v.name)).toEqual(['solde']);
  });
});
