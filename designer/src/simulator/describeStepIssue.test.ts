import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { Flow } from '@griot/flows';
import { fr } from '../i18n/fr.ts';
import { en } from '../i18n/en.ts';
import { describeStepIssue } from './describeStepIssue.ts';

async function translator(lng: 'fr' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng, interpolation: { escapeValue: false, prefix: '%{', suffix: '}' } });
  return i18n.t;
}

const flow = Flow.parse({
  schemaVersion: 2,
  id: 'menu',
  name: 'Menu',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 } },
    {
      id: 'mainMenu',
      type: 'menu',
      label: 'Menu principal',
      position: { x: 0, y: 150 },
      prompt: { fr: { text: 'Tapez 1 ou 2' } },
      options: [
        { id: 'o1', key: '1', label: { fr: 'Solde' } },
        { id: 'o5', key: '5', label: { fr: 'Autres services' } },
      ],
    },
  ],
  edges: [{ id: 'e1', source: 'start', output: 'next', target: 'mainMenu' }],
});

describe('what went wrong in a simulated call, in the editor’s words', () => {
  const issue = { severity: 'error' as const, code: 'flow.unconnected', message: 'output o5 of mainMenu leads nowhere', node: 'mainMenu', params: { output: 'o5' } };

  it('names the node and the menu option as the canvas does, in French and in English', async () => {
    expect(describeStepIssue(issue, await translator('fr'), flow)).toBe('La sortie « 5 · Autres services » de « Menu principal » ne mène nulle part : reliez-la à un nœud');
    expect(describeStepIssue(issue, await translator('en'), flow)).toBe('Output “5 · Autres services” of “Menu principal” leads nowhere: connect it to a node');
  });

  it('says a look-up’s missing field and a template’s missing value in French (was English in the simulator)', async () => {
    const fr = await translator('fr');
    const http = {
      severity: 'warning' as const,
      code: 'http.mappingMissing',
      message: '$.data.balance is not in the response; balance is left unset',
      node: 'mainMenu',
      params: { path: '$.data.balance', variable: 'balance' },
    };
    expect(describeStepIssue(http, fr, flow)).toBe('$.data.balance n’est pas dans la réponse de « Menu principal » : balance reste vide');
    const template = { severity: 'warning' as const, code: 'template.missingValue', message: '{{balance}} has no value', node: 'mainMenu', params: { path: 'balance' } };
    expect(describeStepIssue(template, fr, flow)).toBe('{{balance}} n’a pas de valeur dans « Menu principal » : rien n’est dit à sa place');
    // From a server that sends no params: its own message rather than a sentence with holes.
    expect(describeStepIssue({ ...template, params: undefined }, fr, flow)).toBe('{{balance}} has no value');
  });

  it('keeps the interpreter’s message for a problem it has no sentence for', async () => {
    expect(describeStepIssue({ severity: 'warning', code: 'something.new', message: 'raw words', node: 'mainMenu' }, await translator('fr'), flow)).toBe('raw words');
  });

  it('says a prompt missing in a language without a voice is a recording to make, naming the language said instead', async () => {
    const withFon = Flow.parse({ ...flow, locales: [...flow.locales, { code: 'fon', name: 'Fɔngbè', tts: null }] });
    const missing = { severity: 'warning' as const, code: 'prompt.missingLocale', message: 'no prompt in fon; using fr', node: 'mainMenu', params: { locale: 'fon', fallback: 'fr' } };
    expect(describeStepIssue(missing, await translator('fr'), withFon)).toBe('« Menu principal » n’a pas d’enregistrement en fon : le message en fr est dit (la production attend l’enregistrement)');
    expect(describeStepIssue({ ...missing, params: { locale: 'fr', fallback: 'fon' } }, await translator('fr'), withFon)).toBe('« Menu principal » n’a pas de message en fr : celui en fon est dit');
  });
});
