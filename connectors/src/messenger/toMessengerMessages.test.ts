import { describe, expect, it } from 'vitest';
import { channelCapabilities, renderReplies, type Effect } from '@griot/flows';
import { toMessengerMessages } from './toMessengerMessages.ts';
import { validateSendRequest } from './testing/validateSendRequest.ts';

const ask = (labels: string[]): Effect => ({
  type: 'ask',
  node: 'main',
  kind: 'choice',
  locale: 'fr',
  timeoutSeconds: 8,
  bargeIn: true,
  speech: false,
  hints: [],
  retry: 0,
  options: labels.map((label, i) => ({ id: `o${i + 1}`, key: String(i + 1), label, synonyms: [] })),
});
const say = (text: string, node = 'main'): Effect => ({ type: 'say', node, locale: 'fr', text });
const messagesFor = (effects: Effect[]) =>
  toMessengerMessages(renderReplies(effects, { capabilities: channelCapabilities.messenger, audioUrl: (name) => `https://griot.example/audio/f/${name}` }).replies);
/** What Meta would answer each as a response to the person: undefined when it takes it. */
const problems = (effects: Effect[]) => messagesFor(effects).map((message) => validateSendRequest({ recipient: { id: '1254459154682919' }, messaging_type: 'RESPONSE', message }));

describe('a turn as Messenger messages', () => {
  it('shows a menu as quick replies on its prompt, the flow’s option ids as payloads, SSML gone', () => {
    expect(messagesFor([say('<speak>Que voulez-vous faire&nbsp;?</speak>'), ask(['Code PUK', 'Solde', 'Conseiller'])])).toEqual([
      {
        text: 'Que voulez-vous faire ?',
        quick_replies: [
          { content_type: 'text', title: 'Code PUK', payload: 'o1' },
          { content_type: 'text', title: 'Solde', payload: 'o2' },
          { content_type: 'text', title: 'Conseiller', payload: 'o3' },
        ],
      },
    ]);
  });

  it('keeps thirteen options as quick replies, and makes numbered text of fourteen, each within Meta’s limits', () => {
    const thirteen = Array.from({ length: 13 }, (_, i) => `Option ${i + 1}`);
    const [menu] = messagesFor([say('Choisissez :'), ask(thirteen)]);
    expect(menu && 'quick_replies' in menu ? menu.quick_replies?.length : 0).toBe(13);
    const [numbered] = messagesFor([say('Choisissez :'), ask([...thirteen, 'Option 14'])]);
    expect(numbered).toEqual({ text: expect.stringMatching(/^Choisissez :\n\n1\. Option 1\n2\. Option 2\n[\s\S]*\n14\. Option 14$/) });
    expect(problems([say('Choisissez :'), ask(thirteen)])).toEqual([undefined]);
  });

  it('splits a text longer than 2,000 characters into messages Meta takes, nothing cut', () => {
    const sentence = 'Le service 1919 répond sans frais à toute heure. ';
    const long = sentence.repeat(100).trim();
    const messages = messagesFor([say(long, 'terms')]);
    expect(messages.length).toBe(3);
    expect(problems([say(long, 'terms')])).toEqual([undefined, undefined, undefined]);
    expect(
      messages
        .map((m) => ('text' in m ? m.text : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toBe(long);
  });

  it('sends a recorded prompt Messenger plays as an audio attachment, by link', () => {
    const fon: Effect = { type: 'say', node: 'welcome', locale: 'fon', audio: 'fon/welcome.mp3' };
    expect(messagesFor([fon])).toEqual([{ attachment: { type: 'audio', payload: { url: 'https://griot.example/audio/f/fon/welcome.mp3', is_reusable: true } } }]);
  });
});

describe('the fake Send API’s rules (Meta’s)', () => {
  const base = { recipient: { id: '1254459154682919' }, message: { text: 'Bonjour' } };
  it('refuses a tag without MESSAGE_TAG, MESSAGE_TAG without a known tag, a phone number as recipient, a 21-character quick reply', () => {
    expect(validateSendRequest({ ...base, messaging_type: 'RESPONSE' })).toBeUndefined();
    expect(validateSendRequest({ ...base, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })).toBeUndefined();
    expect(validateSendRequest({ ...base, messaging_type: 'RESPONSE', tag: 'HUMAN_AGENT' })).toMatch(/tag is only allowed/);
    expect(validateSendRequest({ ...base, messaging_type: 'MESSAGE_TAG' })).toMatch(/tag must be one of/);
    expect(validateSendRequest({ ...base })).toMatch(/messaging_type/);
    expect(validateSendRequest({ ...base, messaging_type: 'RESPONSE', recipient: { phone_number: '+2290197000001' } })).toMatch(/page-scoped id/);
    const quick = (title: string) => ({ ...base, messaging_type: 'RESPONSE', message: { text: 'Menu', quick_replies: [{ content_type: 'text', title, payload: 'x' }] } });
    expect(validateSendRequest(quick('Historique des appel'))).toBeUndefined();
    expect(validateSendRequest(quick('Historique des appels'))).toMatch(/title/);
  });
});
