import type { MenuPresentation } from '@griot/flows';
import { inboxSettled } from '../../conformance/inboxSettled.ts';
import { numberedMenu } from '../../conformance/numberedMenu.ts';
import { bindAddress, type ChannelDriver, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';
import { startFakeGraphServer, type FakeGraphServer, type RecordedGraphRequest } from './fakeGraphServer.ts';
import { postWebhook } from './postWebhook.ts';
import { signBody } from './signBody.ts';
import { buttonReply, listReply, newWamid, textMessage, type Sender } from './webhookFixtures.ts';

const APP_SECRET = 'conformance-whatsapp-app-secret';
const ACCESS_TOKEN = 'conformance-graph-token';
const PHONE_NUMBER_ID = '100000000000998';

/** What a WhatsApp phone shows for the Graph messages Griot sent. */
function screenOf(sent: readonly RecordedGraphRequest[]): Screen {
  const texts: string[] = [];
  let menu: Screen['menu'];
  for (const { body } of sent) {
    menu = undefined;
    if (body.type === 'text') {
      texts.push(body.text.body);
      // A menu WhatsApp cannot show natively comes as numbered lines at the end of a text.
      menu = numberedMenu(String(body.text.body));
    } else if (body.type === 'interactive') {
      texts.push(body.interactive.body.text);
      const presentation: MenuPresentation = body.interactive.type === 'button' ? 'buttons' : 'list';
      const labels =
        presentation === 'buttons'
          ? body.interactive.action.buttons.map((b: { reply: { title: string } }) => b.reply.title)
          : body.interactive.action.sections.flatMap((s: { rows: { title: string }[] }) => s.rows.map((r) => r.title));
      menu = { presentation, labels };
    }
  }
  return { texts, ...(menu ? { menu } : {}) };
}

/**
 * A subscriber writing to the business number on WhatsApp: webhooks signed like Meta's, replies
 * caught by a fake Graph API that refuses anything over WhatsApp's limits.
 */
export function whatsappDriver(): ChannelDriver {
  let graph: FakeGraphServer | undefined;
  const graphApi = () => {
    if (!graph) throw new Error('start the driver first');
    return graph;
  };
  return {
    channel: 'whatsapp',
    name: 'WhatsApp (Cloud API)',
    async start() {
      graph = await startFakeGraphServer({ accessToken: ACCESS_TOKEN });
      return { WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN, WHATSAPP_GRAPH_BASE_URL: graph.url, WHATSAPP_VERIFY_TOKEN: 'conformance-verify' };
    },
    bind: async (griot, flowId) => {
      await bindAddress(griot, 'whatsapp', PHONE_NUMBER_ID, flowId);
    },
    subscriber(griot, number): Subscriber {
      const waId = number.replace(/^\+/, '');
      const sender: Sender = { phoneNumberId: PHONE_NUMBER_ID, waId, name: 'Abonné de test' };
      let seen = 0;
      let lastMenu: Screen['menu'];
      let opening: unknown;
      const replies = (): Screen => {
        const mine = graphApi()
          .sent()
          .filter((r) => r.body.to === waId);
        const screen = screenOf(mine.slice(seen));
        seen = mine.length;
        lastMenu = screen.menu;
        return screen;
      };
      const send = async (build: (s: Sender) => unknown): Promise<Screen> => {
        const id = newWamid();
        const body = build({ ...sender, id });
        opening ??= body;
        const response = await postWebhook(griot.url, body, APP_SECRET);
        if (response.status !== 200) throw new Error(`the webhook was answered ${response.status}`);
        await inboxSettled(griot, `whatsapp:${id}`);
        return replies();
      };
      return {
        sessionKey: `whatsapp:${PHONE_NUMBER_ID}:${waId}`,
        open: () => send((s) => textMessage('Bonjour', s)),
        choose: (option) => {
          if (lastMenu?.presentation === 'buttons') return send((s) => buttonReply(option.id, option.label, s));
          if (lastMenu?.presentation === 'list') return send((s) => listReply(option.id, option.label, undefined, s));
          return send((s) => textMessage(option.key, s));
        },
        enterDigits: (digits) => send((s) => textMessage(digits, s)),
        async redeliverOpening() {
          // Meta delivers the same webhook again (same message id): the 200 says it is safe, nothing more.
          const response = await postWebhook(griot.url, opening, APP_SECRET);
          if (response.status !== 200) throw new Error(`the webhook was answered ${response.status}`);
          return replies();
        },
        close: async () => {},
      };
    },
    async forge(griot, number) {
      const waId = number.replace(/^\+/, '');
      const body = textMessage('Bonjour', { phoneNumberId: PHONE_NUMBER_ID, waId });
      const response = await postWebhook(griot.url, body, APP_SECRET, signBody('not-the-app-secret', JSON.stringify(body)));
      return { status: response.status, sessionKey: `whatsapp:${PHONE_NUMBER_ID}:${waId}` };
    },
    stop: async () => {
      await graph?.close();
    },
  };
}
