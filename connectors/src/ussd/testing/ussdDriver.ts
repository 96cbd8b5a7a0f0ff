import { bindAddress, type ChannelDriver, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';
import { postUssdEnd } from './postUssdEnd.ts';
import { newSessionId, postUssd, readScreen, type GatewayAnswer } from './ussdGateway.ts';

const TOKEN = 'conformance-ussd-callback-token';
/** Not the demo's *919#: the conformance server seeds the demo too. */
const SERVICE_CODE = '*998#';

/** What the subscriber read over the screens of one answer: each screen's text (paging lines aside), and the menu at the end. */
function screenOf(bodies: string[]): Screen {
  const lines = bodies.join('\n').split('\n');
  const menu: string[] = [];
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const option = /^(\S{1,2})\. (.+)$/.exec(lines[i] ?? '');
    if (!option) break;
    menu.unshift(option[2] as string);
  }
  return { texts: bodies, ...(menu.length > 0 ? { menu: { presentation: 'numbered' as const, labels: menu } } : {}) };
}

/**
 * A subscriber on a USSD phone, through a gateway speaking Africa's Talking's callback format:
 * the whole `text` of answers so far on every request, the token in the callback URL. Each move
 * reads every screen of the answer, typing 00 for the next one, as a subscriber reads a long text.
 * Leaving, the subscriber's gateway sends its end-of-session notification.
 */
export function ussdDriver(): ChannelDriver {
  return {
    channel: 'ussd',
    name: "USSD (Africa's Talking callback)",
    start: async () => ({ USSD_CALLBACK_TOKEN: TOKEN }),
    bind: async (griot, flowId) => {
      await bindAddress(griot, 'ussd', SERVICE_CODE, flowId);
    },
    subscriber(griot, number): Subscriber {
      const sessionId = newSessionId();
      const answers: string[] = [];
      // The last screen's kind: a session left on a `CON` screen is one the subscriber abandoned.
      let last: GatewayAnswer['kind'];
      const post = (text: string) => postUssd(griot.url, { sessionId, serviceCode: SERVICE_CODE, phoneNumber: number, text }, { token: TOKEN });
      const read = async (first: GatewayAnswer): Promise<Screen> => {
        const bodies: string[] = [];
        let answer = first;
        for (;;) {
          if (answer.status !== 200 || !answer.kind) throw new Error(`the USSD callback was answered ${answer.status}: ${answer.body}`);
          last = answer.kind;
          const screen = readScreen(answer.screen);
          bodies.push(screen.body);
          if (!screen.hasNext) return screenOf(bodies);
          answers.push('00');
          answer = await post(answers.join('*'));
        }
      };
      const send = async (typed?: string) => {
        if (typed !== undefined) answers.push(typed);
        return read(await post(answers.join('*')));
      };
      return {
        sessionKey: `ussd:${sessionId}`,
        open: () => send(),
        choose: (option) => send(option.key),
        enterDigits: (digits) => send(digits),
        // The gateway retries the session's first request (its answer was lost): the same screen, nothing read twice.
        redeliverOpening: async () => {
          const again = await post('');
          if (again.status !== 200 || !again.kind) throw new Error(`the USSD callback was answered ${again.status}: ${again.body}`);
          return screenOf([readScreen(again.screen).body]);
        },
        // The subscriber leaves: the gateway's end-of-session notification, as it would send it.
        close: async () => {
          if (last === undefined) return;
          const ended = await postUssdEnd(griot.url, { sessionId, status: last === 'END' ? 'Success' : 'Incomplete', serviceCode: SERVICE_CODE, phoneNumber: number }, { token: TOKEN });
          if (ended.status !== 200) throw new Error(`the USSD end-of-session notification was answered ${ended.status}: ${ended.body}`);
        },
      };
    },
    async forge(griot, number) {
      const sessionId = newSessionId();
      const answer = await postUssd(griot.url, { sessionId, serviceCode: SERVICE_CODE, phoneNumber: number, text: '' }, { token: 'not-the-callback-token' });
      return { status: answer.status, sessionKey: `ussd:${sessionId}` };
    },
    stop: async () => {},
  };
}
