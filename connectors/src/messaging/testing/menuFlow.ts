import { Flow } from '@griot/flows';

/**
 * A small flow for messaging tests: a language choice (fr/en), a main menu with as many
 * options as asked (3 → buttons, 7 → a list, 12 → numbered text on WhatsApp), an answer per
 * option, an agent handoff and keywords. Option 1 is "Solde" (balance).
 */
export function menuFlow(options = 3, id = 'menu-test'): Flow {
  const labels = ['Solde', 'Code PUK', 'Conseiller', 'Forfaits', 'Mobile Money', 'Historique', 'Roaming', 'Internet', 'SMS', 'Réclamation', 'Fidélité', 'Boutiques'];
  const menuOptions = Array.from({ length: options }, (_, i) => ({
    id: i === 2 ? 'agent' : `opt${i + 1}`,
    key: i < 9 ? String(i + 1) : (['0', '*', '#'][i - 9] ?? '0'),
    label: { fr: labels[i] ?? `Option ${i + 1}`, en: `Option ${i + 1}` },
    synonyms: i === 0 ? { fr: ['solde', 'crédit'] } : {},
  }));
  return Flow.parse({
    schemaVersion: 2,
    id,
    name: 'Messaging test',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null },
      { code: 'en', name: 'English', tts: { vendor: 'google' }, asr: null },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'language',
        type: 'language',
        skipIfKnown: true,
        prompt: { fr: { text: '<speak>Pour le français, tapez 1.</speak>' }, en: { text: 'For English, press 2.' } },
        options: [
          { locale: 'fr', key: '1' },
          { locale: 'en', key: '2' },
        ],
      },
      {
        id: 'main',
        type: 'menu',
        prompt: { fr: { text: 'Que voulez-vous faire ?' }, en: { text: 'What would you like to do?' } },
        options: menuOptions,
      },
      ...menuOptions
        .filter((o) => o.id !== 'agent')
        .map((o) => ({
          id: `answer_${o.id}`,
          type: 'message' as const,
          prompt: { fr: { text: `Vous avez choisi ${o.label.fr}.` }, en: { text: `You chose ${o.label.en}.` } },
        })),
      { id: 'handoff', type: 'handoff', queue: 'whatsapp', reason: 'Assistance', prompt: { fr: { text: 'Je vous passe un conseiller.' }, en: { text: 'An agent will answer.' } } },
      { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' }, en: { text: 'Goodbye.' } }, reason: 'served' },
    ],
    edges: [
      { id: 'e_start', source: 'start', output: 'next', target: 'language' },
      { id: 'e_lang', source: 'language', output: 'next', target: 'main' },
      ...menuOptions.map((o) => ({ id: `e_${o.id}`, source: 'main', output: o.id, target: o.id === 'agent' ? 'handoff' : `answer_${o.id}` })),
      ...menuOptions.filter((o) => o.id !== 'agent').map((o) => ({ id: `e_back_${o.id}`, source: `answer_${o.id}`, output: 'next', target: 'main' })),
      { id: 'e_noinput', source: 'main', output: 'noInput', target: 'bye' },
      { id: 'e_nomatch', source: 'main', output: 'noMatch', target: 'handoff' },
      { id: 'e_h1', source: 'handoff', output: 'done', target: 'bye' },
      { id: 'e_h2', source: 'handoff', output: 'unavailable', target: 'bye' },
      { id: 'e_h3', source: 'handoff', output: 'callback', target: 'bye' },
    ],
    settings: { mainMenuNode: 'main', agentNode: 'handoff', keywords: { mainMenu: { fr: ['menu'], en: ['menu'] }, agent: { fr: ['conseiller'], en: ['agent'] } } },
  });
}
