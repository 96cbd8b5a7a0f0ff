import { stripSsml } from '@griot/flows';
import { bindAddress, type ChannelDriver, type GriotUnderTest, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';
import { signJambonz } from '../signature.ts';
import { assertJambonzAccepts } from './jambonzOracles.ts';
import { HttpStatusError, httpLink, wsLink, wsReconnect, type JambonzLink } from './jambonzLinks.ts';
import { callHookPayload } from './jambonzPayloads.ts';
import { SimulatedCall } from './simulatedCall.ts';

const SECRET = 'conformance-jambonz-webhook-secret';
const WS_AUTH = { username: 'conformance-jambonz-app', password: 'conformance-ws-password' };

type AnyVerb = { verb: string } & Record<string, unknown>;

/** What a caller hears from a verb array, and the menu it waits on: a one-key gather. */
function screenOf(verbs: readonly unknown[]): Screen {
  const texts: string[] = [];
  let menu: Screen['menu'];
  for (const verb of verbs as AnyVerb[]) {
    const say = verb.verb === 'say' ? verb : verb.verb === 'gather' ? (verb.say as AnyVerb | undefined) : undefined;
    if (typeof say?.text === 'string') texts.push(stripSsml(say.text));
    if (verb.verb === 'gather' && verb.numDigits === 1) menu = { presentation: 'spoken', labels: [] };
  }
  return { texts, ...(menu ? { menu } : {}) };
}

/**
 * A caller on a jambonz phone call, over the webhooks (signed with the account's secret) or
 * the WebSocket API (the application's credentials). Every verb array Griot answers is held to
 * jambonz's own validators on the way.
 */
export function voiceDriver(transport: 'http' | 'ws'): ChannelDriver {
  // Each transport has its own number, so both can run against one Griot.
  const address = transport === 'http' ? '1998' : '1999';
  let calls = 0;
  const link = async (griot: GriotUnderTest): Promise<JambonzLink> =>
    transport === 'http' ? httpLink(griot.url, { secret: SECRET }) : wsLink(`${griot.url.replace(/^http/, 'ws')}/jambonz/ws`, { auth: WS_AUTH });
  return {
    channel: 'voice',
    name: transport === 'http' ? 'voice over jambonz webhooks' : 'voice over the jambonz WebSocket API',
    start: async () => ({ JAMBONZ_WEBHOOK_SECRET: SECRET, JAMBONZ_WS_USERNAME: WS_AUTH.username, JAMBONZ_WS_PASSWORD: WS_AUTH.password }),
    bind: async (griot, flowId) => {
      await bindAddress(griot, 'voice', address, flowId);
    },
    subscriber(griot, number): Subscriber {
      calls += 1;
      const identity = { callSid: `CA-conformance-${transport}-${calls}`, from: number, to: address };
      let call: SimulatedCall | undefined;
      let seen = 0;
      const heard = (): Screen => {
        const active = call as SimulatedCall;
        const verbs = active.received.slice(seen);
        seen = active.received.length;
        verbs.forEach((v, i) => assertJambonzAccepts(v, `${identity.callSid}, answer ${seen - verbs.length + i}`));
        const screen = screenOf(verbs.flat());
        // What the call waits on now decides the menu (a redirect may have brought more verbs).
        const waiting = active.waitingOn as AnyVerb | undefined;
        return { texts: screen.texts, ...(waiting?.verb === 'gather' && waiting.numDigits === 1 ? { menu: { presentation: 'spoken', labels: [] } } : {}) };
      };
      const ongoing = () => {
        if (!call) throw new Error('open the call first');
        return call;
      };
      return {
        sessionKey: `voice:${identity.callSid}`,
        open: async () => {
          call = new SimulatedCall(await link(griot), identity);
          await call.start();
          return heard();
        },
        choose: async (option) => {
          await ongoing().press(option.key);
          return heard();
        },
        enterDigits: async (digits) => {
          await ongoing().press(`${digits}#`);
          return heard();
        },
        redeliverOpening: async () => {
          const payload = callHookPayload(identity);
          const verbs =
            transport === 'http' ? await httpLink(griot.url, { secret: SECRET }).newCall(payload) : await wsReconnect(`${griot.url.replace(/^http/, 'ws')}/jambonz/ws`, payload, { auth: WS_AUTH });
          assertJambonzAccepts(verbs, `${identity.callSid}, delivered again`);
          return screenOf(verbs);
        },
        close: async () => {
          if (call && !call.ended) await call.hangup();
          call?.close();
        },
      };
    },
    async forge(griot, number) {
      calls += 1;
      const callSid = `CA-conformance-forged-${transport}-${calls}`;
      const payload = callHookPayload({ callSid, from: number, to: address });
      if (transport === 'http') {
        const body = JSON.stringify(payload);
        const response = await fetch(`${griot.url}/jambonz/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'jambonz-signature': signJambonz('not-the-account-secret', body) },
          body,
        });
        return { status: response.status, sessionKey: `voice:${callSid}` };
      }
      try {
        const forged = await wsLink(`${griot.url.replace(/^http/, 'ws')}/jambonz/ws`, { auth: { username: WS_AUTH.username, password: 'guessed' } });
        await forged.newCall(payload).finally(() => forged.close());
        return { status: 101, sessionKey: `voice:${callSid}` };
      } catch (error) {
        const status = error instanceof HttpStatusError ? error.status : Number(/refused: (\d+)/.exec(String(error))?.[1] ?? 0);
        return { status, sessionKey: `voice:${callSid}` };
      }
    },
    stop: async () => {},
  };
}
