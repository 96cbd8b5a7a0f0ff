import { randomUUID } from 'node:crypto';
import type { Reply } from '@griot/flows';
import { adminGet, bindAddress, type ChannelDriver, type GriotUnderTest, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';

function screenOf(replies: readonly Reply[]): Screen {
  const texts: string[] = [];
  let menu: Screen['menu'];
  for (const reply of replies) {
    menu = undefined;
    if (reply.type === 'text') texts.push(reply.text);
    else if (reply.type === 'choice') {
      texts.push(reply.body);
      menu = { presentation: reply.presentation, labels: reply.options.map((o) => o.label) };
    }
  }
  return { texts, ...(menu ? { menu } : {}) };
}

/** The web chat binding of the flow: its id names the page and the messages endpoint. */
async function chatBindingId(griot: GriotUnderTest): Promise<string> {
  const listed = await adminGet(griot, '/api/bindings');
  const binding = (listed.body as { id: string; channel: string; address: string }[]).find((b) => b.channel === 'webchat' && b.address === 'conformance-site');
  if (!binding) throw new Error('no web chat binding: bind first');
  return binding.id;
}

/**
 * A visitor of the web chat page, as its script talks to Griot: JSON to
 * `POST /chat/<binding id>/messages`, the replies in the answer, buttons sending option ids.
 */
export function webchatDriver(): ChannelDriver {
  return {
    channel: 'webchat',
    name: 'web chat',
    start: async () => ({}),
    bind: async (griot, flowId) => {
      await bindAddress(griot, 'webchat', 'conformance-site', flowId);
    },
    subscriber(griot): Subscriber {
      // Like the page: no conversation until the server names it in its first answer.
      let conversationId: string | undefined;
      let bindingId: string | undefined;
      let opening: object | undefined;
      const post = async (message: object): Promise<Screen> => {
        bindingId ??= await chatBindingId(griot);
        const response = await fetch(`${griot.url}/chat/${bindingId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
        });
        if (response.status !== 200) throw new Error(`the web chat answered ${response.status}`);
        const answer = (await response.json()) as { conversationId: string; replies: Reply[] };
        conversationId = answer.conversationId;
        return screenOf(answer.replies);
      };
      const send = (fields: object) => {
        const message = { ...(conversationId ? { conversationId } : {}), messageId: randomUUID(), ...fields };
        opening ??= message;
        return post(message);
      };
      return {
        get sessionKey() {
          return `webchat:${bindingId ?? '?'}:${conversationId ?? '?'}`;
        },
        open: () => send({ open: true }),
        choose: (option) => send({ option: option.id }),
        enterDigits: (digits) => send({ text: digits }),
        redeliverOpening: () => post(opening as object),
        close: async () => {},
      };
    },
    async forge(griot) {
      // The page is public by design; what it must not do is drive a flow bound to another channel.
      const listed = await adminGet(griot, '/api/bindings');
      const other = (listed.body as { id: string; channel: string }[]).find((b) => b.channel !== 'webchat');
      if (!other) throw new Error('no binding of another channel to aim at');
      const conversationId = randomUUID();
      const response = await fetch(`${griot.url}/chat/${other.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId, messageId: randomUUID(), text: 'Bonjour' }),
      });
      return { status: response.status, sessionKey: `webchat:${other.id}:${conversationId}` };
    },
    stop: async () => {},
  };
}
