import { SimulatedCall, type JambonzLink } from '../../connectors/src/voice/testing/index.ts';

/** Keys a caller of the 1919 line presses at each node (read from the call's Griot state). */
const SERVICES = ['1', '2', '3', '4'] as const; // PUK, balance, Mobile Money, agent
const AT_NODE: Record<string, string> = {
  pukMenu: '3',
  afterServiceMenu: '3',
  serviceDownMenu: '2',
  satisfaction: '5',
};

/** A link that times every hook that waits for an answer (the turn latency a caller feels). */
export function timedLink(link: JambonzLink, record: (ms: number) => void): JambonzLink {
  const timed =
    <A extends unknown[]>(fn: (...args: A) => Promise<unknown[]>) =>
    async (...args: A) => {
      const began = performance.now();
      const verbs = await fn(...args);
      record(performance.now() - began);
      return verbs;
    };
  return {
    transport: link.transport,
    newCall: timed(link.newCall.bind(link)),
    hook: timed(link.hook.bind(link)),
    nextCommand: link.nextCommand.bind(link),
    status: link.status.bind(link),
    close: link.close.bind(link),
  };
}

/**
 * One caller's journey through the 1919 flow, one turn per `next()`: language (first call only),
 * a service (PUK, balance, Mobile Money or an agent, by `service`), the menus after it, the
 * survey; an agent's queue is waited in once, then the agent releases the call.
 */
export class Journey {
  readonly call: SimulatedCall;
  private turns = 0;
  private momoSeen = 0;
  private queued = false;

  constructor(
    link: JambonzLink,
    callSid: string,
    from: string,
    private readonly service: number,
  ) {
    this.call = new SimulatedCall(link, { callSid, from, to: '1919' }, { commandTimeoutMs: 9000 });
  }

  get done(): boolean {
    return this.call.ended || this.turns >= 14;
  }

  /** Plays one turn; false once the journey is over (the caller then hangs up). */
  async next(): Promise<boolean> {
    if (this.turns === 0) {
      this.turns += 1;
      await this.call.start();
      return !this.done;
    }
    this.turns += 1;
    const waiting = this.call.waitingOn?.verb;
    if (waiting === 'enqueue') {
      if (!this.queued) {
        this.queued = true;
        await this.call.queueWait(2);
      } else {
        await this.call.queueEnds('bridged');
      }
      return !this.done;
    }
    if (waiting !== 'gather') return false;
    const griot = this.call.customerData.griot as { node?: string } | undefined;
    const node = griot?.node ?? '';
    let key = AT_NODE[node] ?? '1';
    if (node === 'language') key = this.service % 3 === 1 ? '2' : '1';
    if (node === 'mainMenu') key = SERVICES[this.service % SERVICES.length] as string;
    if (node === 'momoMenu') key = this.momoSeen++ === 0 ? '1' : '3';
    await this.call.press(key);
    return !this.done;
  }

  /** jambonz reports the end of every call, whoever hung up. */
  async hangup(): Promise<void> {
    await this.call.hangup();
    this.call.close();
  }
}
