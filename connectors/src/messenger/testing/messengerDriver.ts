import { inboxSettled } from '../../conformance/inboxSettled.ts';
import { numberedMenu } from '../../conformance/numberedMenu.ts';
import { bindAddress, type ChannelDriver, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';
import { signBody } from '../../whatsapp/testing/signBody.ts';
import { startFakeMessengerGraph, type FakeMessengerGraph, type RecordedSendRequest } from './fakeMessengerGraph.ts';
import { postMessengerWebhook } from './postWebhook.ts';
import { newMid, quickReply, textMessage, type MessengerWebhook, type Sender } from './webhookFixtures.ts';

const APP_SECRET = 'conformance-messenger-app-secret';
const PAGE_TOKEN = 'conformance-page-token';
/** Not the demo's Page (200000000000001), which the demo binds to its own flow. */
const PAGE_ID = '200000000000998';

/** A page-scoped id for a subscriber: Messenger never gives Griot a phone number, so any unique digits do. */
export function psidFor(number: string): string {
  return `9${number.replace(/\D/g, '').slice(-15).padStart(15, '0')}`;
}

/** What Messenger shows for the messages Griot sent: texts, and quick replies (or numbered lines) for a menu. */
export function screenOf(sent: readonly RecordedSendRequest[]): Screen {
  const texts: string[] = [];
  let menu: Screen['menu'];
  for (const { body } of sent) {
    menu = undefined;
    const message = body.message;
    if (typeof message.text !== 'string') continue;
    texts.push(message.text);
    if (Array.isArray(message.quick_replies)) {
      menu = { presentation: 'buttons', labels: message.quick_replies.map((q: { title: string }) => q.title) };
      continue;
    }
    // A menu quick replies cannot carry comes as numbered lines at the end of a text.
    menu = numberedMenu(String(message.text));
  }
  return { texts, ...(menu ? { menu } : {}) };
}

/**
 * A person writing to the Page on Messenger: webhooks signed like Meta's, replies caught by a
 * fake Send API that refuses anything over Messenger's limits or outside its windows.
 */
export function messengerDriver(): ChannelDriver {
  let graph: FakeMessengerGraph | undefined;
  const sendApi = () => {
    if (!graph) throw new Error('start the driver first');
    return graph;
  };
  return {
    channel: 'messenger',
    name: 'Messenger (Send API)',
    async start() {
      graph = await startFakeMessengerGraph({ pageAccessToken: PAGE_TOKEN });
      return {
        MESSENGER_APP_SECRET: APP_SECRET,
        MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
        MESSENGER_GRAPH_BASE_URL: graph.url,
        MESSENGER_VERIFY_TOKEN: 'conformance-verify',
      };
    },
    bind: async (griot, flowId) => {
      await bindAddress(griot, 'messenger', PAGE_ID, flowId);
    },
    subscriber(griot, number): Subscriber {
      const psid = psidFor(number);
      const sender: Sender = { pageId: PAGE_ID, psid };
      let seen = 0;
      let lastMenu: Screen['menu'];
      let opening: MessengerWebhook | undefined;
      const replies = (): Screen => {
        const mine = sendApi()
          .sent()
          .filter((r) => r.body.recipient.id === psid);
        const screen = screenOf(mine.slice(seen));
        seen = mine.length;
        lastMenu = screen.menu;
        return screen;
      };
      const send = async (build: (s: Sender) => MessengerWebhook): Promise<Screen> => {
        const mid = newMid();
        const timestamp = Date.now();
        const body = build({ ...sender, mid, timestamp });
        opening ??= body;
        sendApi().subscriberWrote(psid, timestamp);
        const response = await postMessengerWebhook(griot.url, body, APP_SECRET);
        if (response.status !== 200) throw new Error(`the webhook was answered ${response.status}`);
        await inboxSettled(griot, `messenger:${mid}`);
        return replies();
      };
      return {
        sessionKey: `messenger:${PAGE_ID}:${psid}`,
        open: () => send((s) => textMessage('Bonjour', s)),
        choose: (option) => (lastMenu?.presentation === 'buttons' ? send((s) => quickReply(option.id, option.label, s)) : send((s) => textMessage(option.key, s))),
        enterDigits: (digits) => send((s) => textMessage(digits, s)),
        async redeliverOpening() {
          // Meta delivers the same event again (same mid): the 200 says it is safe, nothing more.
          const response = await postMessengerWebhook(griot.url, opening, APP_SECRET);
          if (response.status !== 200) throw new Error(`the webhook was answered ${response.status}`);
          return replies();
        },
        close: async () => {},
      };
    },
    async forge(griot, number) {
      const psid = psidFor(number);
      const body = textMessage('Bonjour', { pageId: PAGE_ID, psid });
      const response = await postMessengerWebhook(griot.url, body, APP_SECRET, signBody('not-the-app-secret', JSON.stringify(body)));
      return { status: response.status, sessionKey: `messenger:${PAGE_ID}:${psid}` };
    },
    stop: async () => {
      await graph?.close();
    },
  };
}
