import type { Verb } from '../verbs.ts';
import type { JambonzLink } from './jambonzLinks.ts';
import { gatherKeypad, type GatherKeypad } from './gatherKeypad.ts';
import { callHookPayload, dialResult, gatherSpeech, gatherTimeout, queueResult, queueWaitPayload, statusPayload, subsequentPayload, type CallIdentity } from './jambonzPayloads.ts';

type AnyVerb = Verb & Record<string, unknown>;

/**
 * One call as jambonz would run it: runs the verbs Griot answers (tags set customerData, prompts
 * are heard, a redirect brings jambonz back), stops at what waits for the caller (gather), an
 * agent (enqueue, dial) or the end (hangup), and sends the caller's next move to the right hook.
 * Every verb array received is kept, so tests can hold each one to jambonz's validators.
 */
export class SimulatedCall {
  customerData: Record<string, unknown> = {};
  /** What the caller heard, in order: say texts, and `[play] url` for recordings. */
  readonly heard: string[] = [];
  /** Every verb array Griot sent, in order. */
  readonly received: unknown[][] = [];
  /** The verb the call waits on: gather, enqueue, dial or hangup. */
  waitingOn: AnyVerb | undefined;
  ended = false;

  constructor(
    readonly link: JambonzLink,
    readonly identity: CallIdentity,
    private readonly options: { commandTimeoutMs?: number } = {},
  ) {}

  /** What was heard since the mark (an index into `heard`). */
  heardSince(mark: number): string {
    return this.heard.slice(mark).join(' ');
  }

  async start(): Promise<this> {
    return this.run(await this.link.newCall(callHookPayload(this.identity)));
  }

  /**
   * The caller presses these keys on the waiting gather: what reaches Griot is what jambonz would
   * report for that gather (its end key dropped, keys past its length lost, a timeout when too few).
   */
  press(keys: string): Promise<this> {
    return this.answerGather(gatherKeypad(this.expectWaiting('gather') as GatherKeypad, keys));
  }

  speak(transcript: string, confidence = 0.92): Promise<this> {
    return this.answerGather(gatherSpeech(transcript, confidence));
  }

  silence(): Promise<this> {
    return this.answerGather(gatherTimeout());
  }

  /** The queue's wait hook, as jambonz calls it while the caller waits (0-based position). */
  async queueWait(position: number, queueTime = 4): Promise<unknown[]> {
    const enqueue = this.expectWaiting('enqueue');
    const verbs = await this.link.hook('verb:hook', String(enqueue.waitHook), queueWaitPayload(this.identity, this.customerData, position, queueTime));
    this.received.push(verbs);
    return verbs;
  }

  async queueEnds(result: 'bridged' | 'hangup' | 'leave' | 'error', queueTime?: number): Promise<this> {
    const enqueue = this.expectWaiting('enqueue');
    const outcome = { ...queueResult(result, String(enqueue.name)), ...(queueTime !== undefined ? { queue_time: queueTime } : {}) };
    return this.run(await this.link.hook('verb:hook', String(enqueue.actionHook), subsequentPayload(this.identity, this.customerData, outcome)));
  }

  /**
   * The caller has waited `queueTime` seconds: jambonz asks the wait hook, runs what it may
   * (tags, prompts) and, when told to `leave`, takes the caller out and calls the action hook.
   */
  async waitInQueue(queueTime: number, position = 0): Promise<this> {
    const verbs = (await this.queueWait(position, queueTime)) as AnyVerb[];
    for (const verb of verbs) {
      if (verb.verb === 'tag') this.customerData = verb.data as Record<string, unknown>;
      else if (verb.verb === 'say') this.heard.push(String(verb.text));
    }
    return verbs.some((v) => v.verb === 'leave') ? this.queueEnds('leave', queueTime) : this;
  }

  async dialEnds(status: 'completed' | 'failed' | 'busy' | 'no-answer'): Promise<this> {
    const dial = this.expectWaiting('dial');
    return this.run(await this.link.hook('verb:hook', String(dial.actionHook), subsequentPayload(this.identity, this.customerData, dialResult(status))));
  }

  /** The caller hangs up: jambonz reports the final call status. */
  async hangup(): Promise<void> {
    await this.link.status(statusPayload(this.identity, this.customerData, 'completed'));
    this.ended = true;
    this.waitingOn = undefined;
  }

  close(): void {
    this.link.close();
  }

  private async answerGather(result: Record<string, unknown>): Promise<this> {
    const gather = this.expectWaiting('gather');
    return this.run(await this.link.hook('verb:hook', String(gather.actionHook), subsequentPayload(this.identity, this.customerData, result)));
  }

  private expectWaiting(verb: string): AnyVerb {
    if (this.waitingOn?.verb !== verb) throw new Error(`the call waits on ${this.waitingOn?.verb ?? 'nothing'}, not ${verb}`);
    return this.waitingOn;
  }

  /** Runs verbs like the feature server: in order, until one waits, ends or redirects. */
  private async run(first: unknown[]): Promise<this> {
    let verbs = first;
    for (let hops = 0; hops < 12; hops += 1) {
      this.received.push(verbs);
      this.waitingOn = undefined;
      let redirect: AnyVerb | undefined;
      for (const raw of verbs as AnyVerb[]) {
        if (raw.verb === 'tag') this.customerData = raw.data as Record<string, unknown>;
        else if (raw.verb === 'say') this.heard.push(String(raw.text));
        else if (raw.verb === 'play') this.heard.push(...[raw.url].flat().map((u) => `[play] ${String(u)}`));
        else if (raw.verb === 'gather') {
          const nested = raw.say as { text?: string } | undefined;
          const nestedPlay = raw.play as { url?: string | string[] } | undefined;
          if (nested?.text) this.heard.push(nested.text);
          if (nestedPlay?.url) this.heard.push(...[nestedPlay.url].flat().map((u) => `[play] ${u}`));
          this.waitingOn = raw;
          return this;
        } else if (raw.verb === 'enqueue' || raw.verb === 'dial') {
          this.waitingOn = raw;
          return this;
        } else if (raw.verb === 'hangup') {
          this.waitingOn = raw;
          this.ended = true;
          return this;
        } else if (raw.verb === 'redirect') {
          redirect = raw;
          break;
        }
      }
      if (redirect) {
        verbs = await this.link.hook('session:redirect', String(redirect.actionHook), subsequentPayload(this.identity, this.customerData));
      } else if (this.link.transport === 'ws') {
        // Over the WebSocket the verbs ran out: the feature server waits for the app's next command.
        verbs = await this.link.nextCommand(this.options.commandTimeoutMs ?? 15000);
      } else {
        throw new Error('the verbs ran out without a gather, queue, dial or hangup: jambonz would hang up in silence');
      }
    }
    throw new Error('too many redirects');
  }
}
