import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { audioNamesOf, Flow } from '@griot/flows';
import example from '../../../flows/examples/1919-selfcare.json' with { type: 'json' };
import { fr } from '../i18n/fr.ts';
import { en } from '../i18n/en.ts';
import { describeIssue } from './describeIssue.ts';
import { lintDocument } from './lintDocument.ts';
import { issueWhere } from './issueWhere.ts';

async function translator(lng: 'fr' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng, interpolation: { escapeValue: false, prefix: '%{', suffix: '}' } });
  return i18n.t;
}

/** The 1919 flow with its subscriber look-up changed. */
function withLookup(change: (lookup: Record<string, any>) => void): Flow {
  const doc = Flow.parse(structuredClone(example));
  change(doc.nodes.find((n) => n.id === 'lookupSubscriber') as Record<string, any>);
  return doc;
}

const rules = { secretBackends: { OPERATOR_API_TOKEN: ['operator'] }, allowedHosts: ['api.example.com'] };

describe('the editor is told, in French and English, where a look-up may not send its secret', () => {
  it('names the secret sent to an address written in the flow, even before the server’s rules are known', async () => {
    const issues = lintDocument(
      withLookup((n) => {
        delete n.backend;
        n.url = 'https://collect.example/{{caller.number}}';
      }),
      null,
    );
    const issue = issues.find((i) => i.code === 'secret.outsideBackend');
    expect(issue).toMatchObject({ severity: 'error', node: 'lookupSubscriber', field: 'headers.Authorization' });
    expect(describeIssue(issue!, await translator('fr'))).toBe('Le secret OPERATOR_API_TOKEN partirait vers une adresse écrite dans le parcours : les secrets ne vont qu’à un système nommé (backend)');
    expect(describeIssue(issue!, await translator('en'))).toBe('Secret OPERATOR_API_TOKEN would go to an address written in the flow: secrets go only to a named system (backend)');
  });

  it('with the server’s rules: the backend the secret may not go to, an unknown secret, a host off the list', async () => {
    const t = await translator('fr');
    const say = (doc: Flow, code: string) => describeIssue(lintDocument(doc, rules).find((i) => i.code === code)!, t);
    expect(
      say(
        withLookup((n) => {
          n.backend = 'crm';
        }),
        'secret.notBound',
      ),
    ).toBe('Le secret OPERATOR_API_TOKEN ne peut être envoyé qu’au système operator, pas à crm');
    expect(
      say(
        withLookup((n) => {
          n.headers = { 'X-Key': '{{secret.CRM_KEY}}' };
        }),
        'secret.notConfigured',
      ),
    ).toBe('Le secret CRM_KEY n’est pas configuré sur ce serveur : demandez à l’exploitant d’ajouter CRM_KEY@operator à GRIOT_FLOW_SECRETS');
    expect(
      say(
        withLookup((n) => {
          delete n.backend;
          n.headers = {};
          n.url = 'http://169.254.169.254/latest';
        }),
        'http.hostNotAllowed',
      ),
    ).toBe('169.254.169.254 ne fait pas partie des adresses que ce serveur peut appeler (GRIOT_HTTP_ALLOWED_HOSTS) : utilisez un système nommé (backend)');
    // The untouched flow passes.
    expect(
      lintDocument(
        withLookup(() => {}),
        rules,
      ).filter((i) => i.severity === 'error'),
    ).toEqual([]);
  });
});

describe('a look-up naming a system the server does not have', () => {
  it('is said with the environments it lacks, in the editor’s words, and the systems there are', async () => {
    const backends = { staging: ['operator', 'billing'], production: ['operator'] };
    const say = async (lng: 'fr' | 'en', backend: string) =>
      describeIssue(
        lintDocument(
          withLookup((n) => (n.backend = backend)),
          { backendNames: backends },
        ).find((i) => i.code === 'http.unknownBackend')!,
        await translator(lng),
      );
    expect(await say('fr', 'biling')).toBe('Ce serveur n’a pas de système « biling » en préproduction ou production : chaque appel y prendra la sortie « Erreur ». Ses systèmes : billing, operator');
    expect(await say('en', 'billing')).toBe('This server has no system “billing” in production: every call there takes the “Error” output. Its systems: billing, operator');
  });
});

describe('the editor is told, in French and English, where a look-up may not go', () => {
  it('flags a path that climbs out of the system’s address, and a header that reroutes the request', async () => {
    const escaping = lintDocument(
      withLookup((n) => {
        n.url = '/../../internal-admin/users';
      }),
      rules,
    ).find((i) => i.code === 'http.pathEscape');
    expect(escaping).toMatchObject({ severity: 'error', node: 'lookupSubscriber', field: 'url' });
    expect(describeIssue(escaping!, await translator('fr'))).toBe('L’adresse doit rester sous le système operator : pas de segment « .. » ni « . », pas de / encodé (%2F) ni de barre oblique inverse');
    const rerouting = lintDocument(
      withLookup((n) => {
        n.headers = { ...n.headers, Host: 'admin.gateway.internal' };
      }),
      rules,
    ).find((i) => i.code === 'http.routingHeader');
    expect(rerouting).toMatchObject({ severity: 'error', node: 'lookupSubscriber', field: 'headers.Host' });
    expect(describeIssue(rerouting!, await translator('en'))).toBe('Header Host decides where the request goes or how it is sent: Griot sets it itself and does not send this request');
  });
});

describe('the editor is told, in French and English, that a copy of a sensitive value cannot be remembered', () => {
  it('names the remembered copy and the sensitive variable it copies', async () => {
    const doc = Flow.parse({ ...structuredClone(example), variables: [...example.variables, { name: 'pukCopy', type: 'string', persist: true }] });
    (doc.nodes.find((n) => n.id === 'setFound') as Record<string, any>).assignments.push({ variable: 'pukCopy', expression: 'puk' });
    const issue = lintDocument(doc, null).find((i) => i.code === 'variable.sensitiveCopy');
    expect(issue).toMatchObject({ severity: 'error', node: 'setFound', field: 'assignments.1.expression' });
    expect(describeIssue(issue!, await translator('fr'))).toBe(
      'pukCopy reçoit la valeur de la variable sensible puk : elle est aussi sensible et ne peut pas être mémorisée d’un contact à l’autre (décochez « Mémorisée », ou ne copiez pas puk)',
    );
    expect(describeIssue(issue!, await translator('en'))).toBe(
      'pukCopy receives the value of sensitive puk: it is as sensitive and cannot be remembered across contacts (untick “Remembered”, or do not copy puk)',
    );
  });
});

describe('the editor reads an issue with the canvas’s names, not internal ids', () => {
  it('an unconnected menu option is named by its key and label', async () => {
    const doc = Flow.parse(structuredClone(example));
    const menu = doc.nodes.find((n) => n.type === 'menu') as Extract<Flow['nodes'][number], { type: 'menu' }>;
    const option = menu.options[menu.options.length - 1]!;
    doc.edges = doc.edges.filter((e) => !(e.source === menu.id && e.output === option.id));
    const issue = lintDocument(doc, null).find((i) => i.code === 'output.unconnected' && i.node === menu.id)!;
    const said = describeIssue(issue, await translator('fr'), doc);
    expect(said).toBe(`La sortie « ${option.key} · ${option.label.fr} » n’est reliée à rien`);
    expect(said).not.toContain(`« ${option.id} »`);
  });

  it('a missing channel variant names the channel and the languages', async () => {
    const issue = {
      severity: 'warning' as const,
      code: 'prompt.missingVariant',
      message: '',
      node: 'x',
      field: 'prompt.fon.variants.buttons',
      params: { key: 'buttons', locale: 'FON', source: 'FR' },
    };
    const doc = Flow.parse(structuredClone(example));
    doc.locales = [...doc.locales.filter((l) => l.code !== 'fon'), { code: 'fon', name: 'Fon', tts: null, asr: null }];
    const said = describeIssue(issue, await translator('fr'), doc);
    expect(said).not.toMatch(/buttons|FON/);
    expect(said).toContain('en Fon');
  });

  it("names languages in the editor's language: « anglais » in a French sentence, the flow's name for one it has no word for (Fon)", async () => {
    const doc = Flow.parse(structuredClone(example));
    doc.locales = [...doc.locales.filter((l) => l.code !== 'en'), { code: 'en', name: 'English', tts: null, asr: null }];
    const issue = { severity: 'warning' as const, code: 'prompt.missingVariant', message: '', node: 'x', field: 'prompt.en.variants.ussd', params: { key: 'ussd', locale: 'EN', source: 'FR' } };
    const said = describeIssue(issue, await translator('fr'), doc);
    expect(said).toContain('en anglais');
    expect(said).toContain('en français');
    expect(said).not.toContain('English');
    expect(describeIssue(issue, await translator('en'), doc)).toContain('in English');
    const audioOnly = { severity: 'warning' as const, code: 'prompt.audioOnly', message: '', field: 'locales.fon', params: { channel: 'ussd', locale: 'fon', prompts: '3', fallback: 'fr' } };
    doc.locales = [...doc.locales.filter((l) => l.code !== 'fon'), { code: 'fon', name: 'Fon', tts: null, asr: null }];
    expect(describeIssue(audioOnly, await translator('fr'), doc)).toMatch(/^En USSD, 3 messages en Fon ne sont que des enregistrements : le texte en français est affiché/);
  });

  it('says when messages said before a USSD prompt share its screen, naming them as the canvas does', async () => {
    const doc = Flow.parse(structuredClone(example));
    const issue = {
      severity: 'warning' as const,
      code: 'prompt.tooLongForChannel',
      message: '',
      node: 'mainMenu',
      field: 'prompt.fr',
      params: { channel: 'USSD', locale: 'FR', length: '205', limit: '182', variantFor: 'ussd', before: 'welcome' },
    };
    const label = doc.nodes.find((n) => n.id === 'welcome')?.label;
    expect(describeIssue(issue, await translator('fr'), doc)).toBe(
      `Sur USSD, l’écran compte 205 caractères en français avec « ${label} » affiché juste avant (un écran en tient 182) : l’abonné doit passer à l’écran suivant pour voir la fin ; raccourcissez ce qui précède ou écrivez une variante plus courte pour USSD`,
    );
    expect(describeIssue(issue, await translator('en'), doc)).toContain(`with “${label}” shown just before`);
  });
});

describe('a menu prompt that still says an option’s old label', () => {
  it('names the prompt as the inspector does, the old words and the new label', async () => {
    const doc = Flow.parse(structuredClone(example));
    const issue = {
      severity: 'warning' as const,
      code: 'menu.promptOldLabel',
      message: '',
      node: 'mainMenu',
      field: 'noMatchPrompt.fr',
      params: { locale: 'FR', prompt: 'noMatchPrompt', option: '2', old: 'Solde crédit et internet', label: 'Forfaits' },
    };
    expect(describeIssue(issue, await translator('fr'), doc)).toBe(
      '« Message si choix invalide » en français dit encore « Solde crédit et internet », l’ancien libellé de l’option 2 (devenu « Forfaits ») : mettez ses mots à jour',
    );
    expect(describeIssue(issue, await translator('en'), doc)).toBe(
      '“Prompt when invalid choice” in French still says “Solde crédit et internet”, the earlier label of option 2 (now “Forfaits”): update its words',
    );
  });
});

describe('a recording the flow names but its library does not hold', () => {
  /** The 1919 flow as imported from another instance: its library came without the Fon welcome. */
  const imported = () => {
    const doc = Flow.parse(structuredClone(example));
    const library = [...audioNamesOf(doc)].filter((n) => n !== 'fon/welcome.wav');
    return { doc, library };
  };

  it('says in French which file, in which language, that the caller would hear nothing, and where it is', async () => {
    const { doc, library } = imported();
    const issue = lintDocument(doc, { recordings: library }).find((i) => i.code === 'prompt.recordingNotFound');
    expect(issue).toMatchObject({ severity: 'warning', blocks: 'production', node: 'welcome', field: 'prompt.fon' });
    expect(describeIssue(issue!, await translator('fr'), doc)).toBe(
      'Le fichier fon/welcome.wav (Fon, pas de synthèse vocale) n’est pas dans les enregistrements du parcours : l’appelant n’entendrait rien. Téléversez-le ou réenregistrez ce message ; la production l’attend',
    );
    expect(issueWhere(issue!, doc, await translator('fr'))).toContain('Bienvenue');
  });

  it('in a language with a voice, says the text is not read instead', async () => {
    const { doc, library } = imported();
    const welcome = doc.nodes.find((n) => n.id === 'welcome') as Record<string, any>;
    welcome.prompt.fr.audio = 'fr/welcome.wav';
    const issue = lintDocument(doc, { recordings: library }).find((i) => i.code === 'prompt.recordingNotFound' && i.field === 'prompt.fr');
    expect(describeIssue(issue!, await translator('fr'), doc)).toBe(
      'Le fichier fr/welcome.wav (français) n’est pas dans les enregistrements du parcours : l’appelant n’entendrait rien, pas même le texte (un enregistrement nommé est joué seul). Téléversez-le ou réenregistrez ce message ; la production l’attend',
    );
  });
});

describe('a look-up’s answer sensitive only by default', () => {
  it('is said with the « Sensible » switch that keeps it in clear, naming the look-up as the canvas does', async () => {
    const doc = withLookup((n) => n.responseMapping.push({ variable: 'ownerName', path: '$.owner.name' }));
    doc.variables.push({ name: 'ownerName', type: 'string', sensitive: false, persist: false });
    const handoff = doc.nodes.find((n) => n.type === 'handoff') as Record<string, any>;
    handoff.queue = 'vip-{{ownerName}}';
    handoff.context = [...handoff.context, 'ownerName'];
    const issues = lintDocument(doc, null);
    const label = doc.nodes.find((n) => n.id === 'lookupSubscriber')?.label;
    const t = await translator('fr');
    const queue = issues.find((i) => i.code === 'handoff.sensitiveQueue');
    expect(queue?.params).toEqual({ variable: 'ownerName', lookup: 'lookupSubscriber' });
    expect(describeIssue(queue!, t, doc)).toBe(
      `La file porte le nom de ownerName, réponse de la consultation « ${label} », sensible par défaut : les noms de file sont visibles dans les statistiques et par les conseillers. Si ce n’est pas une donnée de compte, désactivez « Sensible » sur la variable (réglages du parcours) : elle sera conservée en clair`,
    );
    const context = issues.find((i) => i.code === 'handoff.sensitive' && i.params?.variable === 'ownerName');
    expect(describeIssue(context!, t, doc)).toContain('désactivez « Sensible » sur la variable (réglages du parcours) : elle sera conservée en clair et transmise');
    // A variable marked sensitive by its author keeps the plain sentence: no switch turns it off.
    const puk = issues.find((i) => i.code === 'handoff.sensitive' && i.params?.variable !== 'ownerName');
    if (puk) expect(describeIssue(puk, t, doc)).toBe('Variable sensible : jamais transmise au conseiller');
    // Kept in clear: no warning at all.
    const kept = structuredClone(doc);
    (kept.variables.find((v) => v.name === 'ownerName') as Record<string, unknown>).keptInClear = true;
    expect(lintDocument(kept, null).filter((i) => i.params?.variable === 'ownerName' && i.code.startsWith('handoff.'))).toEqual([]);
  });
});
