import type { HandoffEffect, JsonValue, Session } from '@griot/flows';
import type { SessionRecord } from '../../../runtime/src/store/types.ts';
import type { FakeConnector } from '../../../connectors/src/botframework/testing/index.ts';
import type { GriotServer } from './griotServer.ts';

/** A contact waiting for an agent, as the agent tests need it; every field but the caller has the 1919 flow's usual value. */
export interface WaitingContact {
  /** The caller's number (a web-chat visitor: their conversation). */
  caller: string;
  /** Default `whatsapp`. */
  channel?: string;
  /** The session's key; default `<channel>:<caller>` (a voice call's is its call, `voice:CA-…`). */
  key?: string;
  /** Default `support-fr`. */
  queue?: string;
  /** Lower is served first; default 999, a regular caller. */
  priority?: number;
  /** Default `fr`. */
  locale?: string;
  /** Default « Demande d'assistance ». */
  reason?: string;
  /** The nodes the caller went through; default language, main menu, handoff. */
  path?: string[];
  /** The flow's variables the agent sees in the context; default none. */
  variables?: Record<string, JsonValue>;
  /** The session's turns so far; default 3. */
  turns?: number;
}

/**
 * Seeds a contact waiting for an agent: its session, its record, and the handoff effect given to
 * the engine's hook, as the 1919 flow's handoff node does it. Returns the session and its record,
 * to send the subscriber's messages on (`hooks.waitingEvent`) or find the contact (`openContactOf`).
 */
export async function seedWaitingContact(server: GriotServer, contact: WaitingContact): Promise<{ record: SessionRecord; session: Session }> {
  const { caller, channel = 'whatsapp', queue = 'support-fr', priority = 999, locale = 'fr', reason = "Demande d'assistance", turns = 3 } = contact;
  const session = {
    v: 1,
    flowId: 'selfcare-1919',
    flowVersion: 1,
    channel,
    locale,
    caller: { number: caller },
    vars: {},
    wait: null,
    path: [],
    status: 'handoff',
    turns,
  } as unknown as Session;
  const now = new Date().toISOString();
  const record: SessionRecord = { key: contact.key ?? `${channel}:${caller}`, session, bindingId: null, environment: 'production', preview: false, createdAt: now, updatedAt: now, expiresAt: now };
  const effect = {
    type: 'handoff',
    node: 'handoff',
    queue,
    priority,
    reason,
    context: {
      callerNumber: caller,
      locale,
      channel,
      reason,
      flowId: 'selfcare-1919',
      flowVersion: 1,
      path: contact.path ?? ['language', 'mainMenu', 'handoff'],
      variables: contact.variables ?? {},
    },
  } as HandoffEffect;
  await server.running.services.handoff.hooks.requested(record, session, effect);
  return { record, session };
}

/**
 * A web-chat visitor's first message, from Azure's Web Chat through `connector` (where agents'
 * replies go then): what a Bot Framework contact needs before it is handed over.
 */
export async function webChatVisitorWrote(server: GriotServer, connector: FakeConnector, visitor: string, ids: { activity: string; user: string }): Promise<void> {
  const activity = {
    type: 'message',
    id: ids.activity,
    channelId: 'webchat',
    serviceUrl: connector.url,
    from: { id: ids.user },
    recipient: { id: 'griot-bot' },
    conversation: { id: visitor },
    text: 'Bonjour',
  };
  const answered = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  if (answered.status !== 200) throw new Error(`the visitor's activity was answered ${answered.status}`);
}
