import { randomUUID } from 'node:crypto';
import { bindAddress, type ChannelDriver, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';
import { startFakeEntra, type FakeEntra } from './fakeEntra.ts';

const APP_ID = '5a1e3b1c-0000-4000-8000-00000000c0f0';
const ADDRESS = 'conformance-bot';

interface ReplyActivityJson {
  text?: string;
  suggestedActions?: { actions: { title: string }[] };
}

function screenOf(activities: readonly ReplyActivityJson[]): Screen {
  const texts: string[] = [];
  let menu: Screen['menu'];
  for (const activity of activities) {
    if (activity.text) texts.push(activity.text);
    menu = activity.suggestedActions ? { presentation: 'buttons', labels: activity.suggestedActions.actions.map((a) => a.title) } : undefined;
  }
  return { texts, ...(menu ? { menu } : {}) };
}

/**
 * A user of a Direct Line style client on Bot Framework: activities POSTed to `/api/messages`
 * with a token from the bot's Entra authority (a loopback fake publishing its signing key), the
 * bot's replies in the response (`deliveryMode: expectReplies`). The Agents SDK checks the token.
 */
export function botFrameworkDriver(): ChannelDriver {
  let entra: FakeEntra | undefined;
  const authority = () => {
    if (!entra) throw new Error('start the driver first');
    return entra;
  };
  const post = (url: string, activity: object, token: string) =>
    fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(activity) });
  return {
    channel: 'botframework',
    name: 'Bot Framework (Agents SDK, signed tokens)',
    async start() {
      entra = await startFakeEntra();
      return { MicrosoftAppId: APP_ID, authorityEndpoint: entra.authority, BOTFRAMEWORK_BINDING_ADDRESS: ADDRESS };
    },
    bind: async (griot, flowId) => {
      await bindAddress(griot, 'botframework', ADDRESS, flowId);
    },
    subscriber(griot): Subscriber {
      const conversation = `conformance-${randomUUID()}`;
      const user = { id: `user-${randomUUID()}`, name: 'Abonné de test' };
      let opening: object | undefined;
      const send = async (fields: Record<string, unknown>): Promise<Screen> => {
        const activity = {
          type: 'message',
          id: randomUUID(),
          channelId: 'directline',
          timestamp: new Date().toISOString(),
          locale: 'fr-FR',
          from: user,
          recipient: { id: APP_ID, name: 'Griot' },
          conversation: { id: conversation },
          deliveryMode: 'expectReplies',
          ...fields,
        };
        opening ??= activity;
        return answered(await post(griot.url, activity, authority().token(APP_ID)));
      };
      const answered = async (response: Response): Promise<Screen> => {
        if (response.status !== 200) throw new Error(`/api/messages answered ${response.status}`);
        return screenOf(((await response.json()) as { activities: ReplyActivityJson[] }).activities);
      };
      return {
        sessionKey: `botframework:${conversation}`,
        open: () => send({ text: 'Bonjour' }),
        // Suggested actions are `imBack`: tapping one sends its label as the user's text.
        choose: (option) => send({ text: option.label }),
        enterDigits: (digits) => send({ text: digits }),
        redeliverOpening: async () => answered(await post(griot.url, opening as object, authority().token(APP_ID))),
        close: async () => {},
      };
    },
    async forge(griot) {
      const conversation = `forged-${randomUUID()}`;
      const activity = {
        type: 'message',
        id: randomUUID(),
        channelId: 'directline',
        from: { id: 'intruder' },
        recipient: { id: APP_ID },
        conversation: { id: conversation },
        text: 'Bonjour',
        deliveryMode: 'expectReplies',
      };
      const response = await post(griot.url, activity, authority().forgedToken(APP_ID));
      return { status: response.status, sessionKey: `botframework:${conversation}` };
    },
    stop: async () => {
      await entra?.close();
    },
  };
}
