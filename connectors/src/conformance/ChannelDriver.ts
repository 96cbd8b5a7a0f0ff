import type { Channel as ChannelId, MenuPresentation } from '@griot/flows';

/**
 * How the channel conformance suite drives one channel from the outside, as its platform would
 * (jambonz, Meta, the Bot Framework connector, a browser): the same scenarios then run over
 * every channel. A new channel adds its driver (its folder's `testing/<x>Driver.ts`) to
 * `channelDrivers`; the suite itself does not change.
 */
export interface ChannelDriver {
  readonly channel: ChannelId;
  /** Names the run in the suite ("voice over HTTP"). */
  readonly name: string;
  /** Starts the fakes the channel talks to (a Graph API, an identity provider…); returns the environment Griot must start with. */
  start(): Promise<Record<string, string>>;
  /** Griot runs: binds this driver's address to the flow (admin API). */
  bind(griot: GriotUnderTest, flowId: string): Promise<void>;
  /** A subscriber of this channel, known to the operator by `number` (E.164) where the channel has numbers. */
  subscriber(griot: GriotUnderTest, number: string): Subscriber;
  /**
   * A request as an attacker would send it (no or bad credentials), carrying a first message
   * from `number`; says what Griot answered and the session key it would have used.
   */
  forge(griot: GriotUnderTest, number: string): Promise<{ status: number; sessionKey: string }>;
  stop(): Promise<void>;
}

/** Griot as a driver reaches it: its URL and an admin's token. */
export interface GriotUnderTest {
  url: string;
  adminToken: string;
}

/** What a subscriber got in answer to one of their moves, as they read or heard it. */
export interface Screen {
  /** Every text, in order, as plain words (SSML gone): messages, menu bodies, spoken prompts. */
  texts: string[];
  /** The menu waiting for an answer, in the channel's form; labels are empty when it is spoken. */
  menu?: { presentation: MenuPresentation; labels: string[] };
}

export interface MenuChoice {
  id: string;
  key: string;
  label: string;
}

/** One subscriber's conversation on the channel. */
export interface Subscriber {
  /** The engine's session key of this conversation (`voice:<call_sid>`, `whatsapp:<id>:<wa_id>`…). */
  readonly sessionKey: string;
  /** Opens the conversation (a call, a first message "Bonjour", a chat window). */
  open(): Promise<Screen>;
  /** Picks an option of the menu shown last, the way the channel offers it (a key, a button, a list row, its number). */
  choose(option: MenuChoice): Promise<Screen>;
  /** Enters digits (the keypad on a call; typed in a chat). */
  enterDigits(digits: string): Promise<Screen>;
  /** The platform delivers the request that opened the conversation again (a retry after a lost answer, a reconnect). */
  redeliverOpening(): Promise<Screen>;
  close(): Promise<void>;
}

/** An admin API call, for bindings (drivers bind their own addresses). */
export async function adminPost(griot: GriotUnderTest, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${griot.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${griot.adminToken}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

export async function adminGet(griot: GriotUnderTest, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${griot.url}${path}`, { headers: { authorization: `Bearer ${griot.adminToken}` } });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Binds `address` on `channel` to the flow in production; returns the binding (its id names the web chat page). */
export async function bindAddress(griot: GriotUnderTest, channel: ChannelId, address: string, flowId: string): Promise<{ id: string }> {
  const created = await adminPost(griot, '/api/bindings', { channel, address, flowId, environment: 'production' });
  if (created.status !== 201) throw new Error(`binding ${channel} ${address} failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body as { id: string };
}
