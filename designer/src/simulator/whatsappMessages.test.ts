import { describe, expect, it } from 'vitest';
import { channelCapabilities, renderReplies, systemTexts, writtenLocaleFor, type AskOption, type Effect } from '@griot/flows';
// Test only: what the WhatsApp connector puts on the wire, to hold the simulator to it.
import { toWhatsAppMessages } from '../../../connectors/src/whatsapp/toWhatsAppMessages.ts';
import { toTelegramMessages } from '../../../connectors/src/telegram/toTelegramMessages.ts';
import { whatsappMessages } from './whatsappMessages.ts';
import { whatsappMenuOf } from './whatsappPresentation.ts';

const options = (labels: string[]): AskOption[] => labels.map((label, i) => ({ id: `o${i + 1}`, key: String(i + 1), label, synonyms: [] }));
const ask = (labels: string[]): Effect => ({ type: 'ask', node: 'menu', kind: 'choice', locale: 'fr', options: options(labels), timeoutSeconds: 8, bargeIn: true, speech: false, hints: [], retry: 0 });
const replyOptions = (labels: string[]) => options(labels).map(({ id, key, label }) => ({ id, key, label }));

/** The texts a phone shows for these effects: the WhatsApp connector's rendering, as Graph message bodies. */
function phoneTexts(effects: Effect[]): string[] {
  const { replies } = renderReplies(effects, { capabilities: channelCapabilities.whatsapp });
  return toWhatsAppMessages(replies).map((m) => (m.type === 'text' ? m.text.body : m.type === 'interactive' ? m.interactive.body.text : ''));
}
const simulatorTexts = (effects: Effect[]) => whatsappMessages(effects).flatMap((m) => (m.kind === 'text' ? [m.text] : m.kind === 'menu' ? [m.body] : []));

describe('a menu on WhatsApp, as the phone shows it', () => {
  it('three short options are reply buttons', () => {
    expect(whatsappMenuOf(options(['Solde', 'Code PUK', 'Conseiller']))).toBe('buttons');
  });
  it('four to ten options, or a title over 20 characters, make a list', () => {
    expect(whatsappMenuOf(options(['A', 'B', 'C', 'D']))).toBe('list');
    expect(whatsappMenuOf(options(['Historique des appels', 'Solde']))).toBe('list');
  });
  it('more than ten options, a row over 24 characters or two equal labels become numbered text', () => {
    expect(whatsappMenuOf(options(Array.from({ length: 11 }, (_, i) => `Option ${i}`)))).toBe('numbered');
    expect(whatsappMenuOf(options(['Parler à un conseiller humain', 'Solde']))).toBe('numbered');
    expect(whatsappMenuOf(options(['Solde', 'solde']))).toBe('numbered');
  });

  it("the menu's own prompt becomes its body; numbered text follows the prompt", () => {
    const say: Effect = { type: 'say', node: 'menu', locale: 'fr', text: '<speak>Que voulez-vous ?</speak>' };
    expect(whatsappMessages([say, ask(['Solde', 'Conseiller'])])).toEqual([
      { kind: 'menu', presentation: 'buttons', body: 'Que voulez-vous ?', options: replyOptions(['Solde', 'Conseiller']), listButtonLabel: 'Choisir' },
    ]);
    const many = Array.from({ length: 12 }, (_, i) => `Choix ${i + 1}`);
    const [message] = whatsappMessages([say, ask(many)]);
    expect(message).toMatchObject({ kind: 'text' });
    expect(message?.kind === 'text' && message.text.startsWith('Que voulez-vous ?\n\n1. Choix 1')).toBe(true);
  });
});

describe('the simulator shows the text the phone shows', () => {
  // SSML written for the voice platform: entities, breaks, tags over several lines.
  const prompt = '<speak>\n  Votre solde&nbsp;: <say-as interpret-as="cardinal">1500</say-as> F CFA.<break time="500ms"/>Orange &amp; MTN\n\n  <p>Merci.</p>\n</speak>';
  const balance: Effect = { type: 'say', node: 'balance', locale: 'fr', text: prompt };

  it('strips SSML the same way, one function for both', () => {
    expect(simulatorTexts([balance])).toEqual(phoneTexts([balance]));
    expect(simulatorTexts([balance])).toEqual(['Votre solde : 1500 F CFA. Orange & MTN\n\nMerci.']);
  });

  it('merges and splits texts the same way, and puts the same body above a menu', () => {
    const long: Effect = { type: 'say', node: 'terms', locale: 'fr', text: `<p>${'Conditions générales du service 1919. '.repeat(150)}</p>` };
    const menu: Effect = { type: 'say', node: 'menu', locale: 'fr', text: 'Autre chose ?' };
    const effects = [long, balance, menu, ask(['Oui', 'Non'])];
    expect(simulatorTexts(effects)).toEqual(phoneTexts(effects));
    expect(simulatorTexts(effects).length).toBeGreaterThan(2);
  });

  it('shows a WAV recording as the voice note WhatsApp gets (the channel converts it), and tells the tester of one Telegram will not get', () => {
    const fon: Effect = { type: 'say', node: 'welcome', locale: 'fon', audio: 'fon/welcome.wav' };
    const ogg: Effect = { type: 'say', node: 'menu', locale: 'fon', audio: 'fon/menu.ogg' };
    expect(whatsappMessages([fon, ogg])).toEqual([
      { kind: 'audio', audio: 'fon/welcome.wav' },
      { kind: 'audio', audio: 'fon/menu.ogg' },
    ]);
    expect(whatsappMessages([fon, ogg], channelCapabilities.telegram)).toEqual([
      { kind: 'audio', audio: 'fon/menu.ogg' },
      { kind: 'unsent', audio: 'fon/welcome.wav' },
    ]);
  });

  it('keeps sensitive values masked where the phone shows them', () => {
    const puk: Effect = { type: 'say', node: 'puk', locale: 'fr', text: 'Votre code PUK est 12345678.', redacted: 'Votre code PUK est ••••••••.' };
    expect(simulatorTexts([puk])).toEqual(['Votre code PUK est ••••••••.']);
  });
});

describe('the web chat page in the simulator, by its own row of the channel table', () => {
  const five = ['Solde', 'Code PUK', 'Forfaits', 'Conseiller', 'Autre'];
  const say: Effect = { type: 'say', node: 'menu', locale: 'fr', text: 'Que voulez-vous ?' };

  it('shows five options as buttons where WhatsApp shows a list', () => {
    expect(whatsappMessages([say, ask(five)])[0]).toMatchObject({ kind: 'menu', presentation: 'list' });
    expect(whatsappMessages([say, ask(five)], channelCapabilities.webchat)[0]).toMatchObject({ kind: 'menu', presentation: 'buttons', body: 'Que voulez-vous ?' });
  });

  it('plays a WAV recording', () => {
    const fon: Effect = { type: 'say', node: 'welcome', locale: 'fon', audio: 'fon/welcome.wav' };
    expect(whatsappMessages([fon], channelCapabilities.webchat)).toEqual([{ kind: 'audio', audio: 'fon/welcome.wav' }]);
  });
});

describe('a menu on Telegram, as the chat shows it', () => {
  it('up to ten options are inline keyboard buttons, as the Telegram connector sends them; past that, numbered text', () => {
    const seven = [ask(Array.from({ length: 7 }, (_, i) => `Service ${i + 1}`))];
    const shown = whatsappMessages(seven, channelCapabilities.telegram);
    expect(shown).toEqual([expect.objectContaining({ kind: 'menu', presentation: 'buttons', options: replyOptions(Array.from({ length: 7 }, (_, i) => `Service ${i + 1}`)) })]);
    const sent = toTelegramMessages(renderReplies(seven, { capabilities: channelCapabilities.telegram }).replies, { shareNumberLabel: 'Partager' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.params.reply_markup).toEqual({ inline_keyboard: Array.from({ length: 7 }, (_, i) => [{ text: `Service ${i + 1}`, callback_data: `o${i + 1}` }]) });
    expect(whatsappMessages([ask(Array.from({ length: 11 }, (_, i) => `Service ${i + 1}`))], channelCapabilities.telegram)).toEqual([expect.objectContaining({ kind: 'text' })]);
  });
});

describe('a Fon subscriber’s menu on WhatsApp, as the phone shows it', () => {
  const locales = [{ code: 'fon' }, { code: 'fr' }];
  // A recording only (Fon has no written words), then four options: a list under Griot's own words.
  const fonMenu: Effect[] = [{ type: 'say', node: 'menu', locale: 'fon', audio: 'fon/menu.mp3' }, { ...ask(['Solde', 'Code PUK', 'Conseiller', 'Forfaits']), locale: 'fon' } as Effect];

  it('is worded in the flow’s written language (French), as the connector sends it, not in English', () => {
    const menu = whatsappMessages(fonMenu, channelCapabilities.whatsapp, locales).find((m) => m.kind === 'menu');
    expect(menu).toMatchObject({ kind: 'menu', presentation: 'list', body: 'Choisissez une option :', listButtonLabel: 'Choisir' });
    // The connector's own choice of words for a Fon subscriber.
    const sent = renderReplies(fonMenu, { capabilities: channelCapabilities.whatsapp, texts: (locale) => systemTexts(writtenLocaleFor(locale, locales)) }).replies.find((r) => r.type === 'choice');
    expect(sent).toMatchObject({ body: menu?.kind === 'menu' ? menu.body : '', listButtonLabel: menu?.kind === 'menu' ? menu.listButtonLabel : '' });
  });
});
