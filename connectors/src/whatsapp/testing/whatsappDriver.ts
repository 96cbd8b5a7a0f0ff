import type { MenuPresentation } from '@griot/flows';
import { adminGet, bindAddress, type ChannelDriver, type GriotUnderTest, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';
import { startFakeGraphServer, type FakeGraphServer, type RecordedGraphRequest } from './fakeGraphServer.ts';
import { postWebhook } from './postWebhook.ts';
import { signBody } from './signBody.ts';
import { buttonReply, listReply, newWamid, textMessage, type Sender } from './webhookFixtures.ts';

const APP_SECRET = 'conformance-whatsapp-app-secret';
const ACCESS_TOKEN = 'conformance-graph-token';
const PHONE_NUMBER_ID = '100000000000998';

/** Waits until Griot has processed (or given up on) an inbound message: the inbox, through the admin API. */
async function settled(griot: GriotUnderTest, inboxId: string): Promise<void> {
  for (let waited = 0; waited < 15_000; waited += 25) {
    for (const state of ['processed', 'failed']) {
      const listed = await adminGet(griot, `/api/messaging/inbound?state=${state}&limit=1000`);
      const found = (listed.body as { id: string }[]).find((m) => m.id === inboxId);
      if (found && state === 'failed') throw new Error(`Griot gave up on ${inboxId}`);
      if (found) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${inboxId} was not processed`);
}

/** What a WhatsApp phone shows for the Graph messages Griot sent. */
function screenOf(sent: readonly RecordedGraphRequest[]): Screen {
  const texts: string[] = [];
  let menu: Screen['menu'];
  for (const { body } of sent) {
    menu = undefined;
    if (body.type === 'text') {
      texts.push(body.text.body);
      // A menu WhatsApp cannot show natively comes as numbered lines at the end of a text.
      const lines = String(body.text.body)
        .split('\n')
        .map((l) => /^(\S{1,2})\. (.+)$/.exec(l))
        .filter((m) => m !== null);
      if (lines.length > 0) menu = { presentation: 'numbered', labels: lines.map((m) => m[2] as string) };
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
        await settled(griot, `whatsapp:${id}`);
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
