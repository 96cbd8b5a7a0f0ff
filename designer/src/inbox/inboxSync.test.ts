import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContactDetails, HandoffChange, HandoffContact } from '@griot/flows';
import { ApiError, READ_DEADLINE_MS } from '../api/client.ts';
import { agentApi as realAgentApi, type AgentEventHandlers, type agentApi } from '../api/agentApi.ts';
import { describeApiError } from '../errors/describeApiError.ts';
import { testT } from '../i18n/testT.ts';
import { createInboxStore } from './inboxStore.ts';
import { InboxSync } from './inboxSync.ts';

const at = '2026-11-20T10:00:00.000Z';
const contact = (extra: Partial<HandoffContact>): HandoffContact => ({
  id: 'c1',
  queue: 'support-fr',
  priority: 999,
  enqueuedAt: at,
  updatedAt: at,
  status: 'assigned',
  agent: 'awa',
  callerNumber: '+2290197000011',
  channel: 'whatsapp',
  sessionKey: 'whatsapp:1:2290197000011',
  locale: 'fr',
  reason: 'Assistance',
  context: {},
  history: [],
  preview: false,
  ...extra,
});

describe('an action refused because the contact changed hands meanwhile', () => {
  it('reads the contact again and says why, in French and in English', async () => {
    const store = createInboxStore();
    // What the server holds now: a supervisor moved it back to support-en while awa was transferring it.
    const now = contact({ status: 'waiting', queue: 'support-en', agent: undefined });
    const refusal = new ApiError(409, { error: { code: 'contact_changed_hands', message: 'the contact changed hands meanwhile: it is now waiting', params: { status: 'waiting' } } });
    const api = {
      transfer: () => Promise.reject(refusal),
      contact: () => Promise.resolve({ contact: now, botTurns: [], messages: [] } as ContactDetails),
    } as unknown as typeof agentApi;
    const sync = new InboxSync({ store, api, listen: () => () => {}, whoAmI: () => Promise.resolve({}), signedOut: () => {} });
    // awa sees it as hers, as it was when she opened the transfer form.
    store.getState().upsert(contact({}));

    expect(await sync.act('c1', { kind: 'transfer', queue: 'support-fon' })).toBe(false);
    await expect.poll(() => store.getState().contacts.c1).toMatchObject({ status: 'waiting', queue: 'support-en' });
    const notice = store.getState().notice;
    expect(notice?.kind === 'error' ? describeApiError(await testT('fr'), 409, notice.error.body) : notice).toBe(
      'Ce contact a changé de mains pendant votre action : il est maintenant en attente. Il vient d’être relu : vérifiez qui l’a avant d’agir.',
    );
    expect(notice?.kind === 'error' ? describeApiError(await testT('en'), 409, notice.error.body) : notice).toBe(
      'This contact changed hands while you were acting: it is now waiting. It has been read again: check who has it before acting.',
    );
  });
});

describe('an action from the agent app', () => {
  it('carries the holder, queue and priority the agent saw, so the server can refuse it once the contact changed hands or priority', async () => {
    const store = createInboxStore();
    const sent: unknown[] = [];
    const api = {
      close: (...args: unknown[]) => (sent.push(args), Promise.resolve(contact({ status: 'closed' }))),
      take: (...args: unknown[]) => (sent.push(args), Promise.resolve(contact({}))),
      contact: () => Promise.resolve({ contact: contact({}), botTurns: [], messages: [] } as ContactDetails),
    } as unknown as typeof agentApi;
    const sync = new InboxSync({ store, api, listen: () => () => {}, whoAmI: () => Promise.resolve({}), signedOut: () => {} });
    store.getState().upsert(contact({ id: 'c2', status: 'waiting', agent: undefined, priority: 5 }));
    store.getState().upsert(contact({}));

    await sync.act('c2', { kind: 'take' });
    await sync.act('c1', { kind: 'close', outcome: 'resolved' });
    expect(sent).toEqual([
      ['c2', { status: 'waiting', agent: null, queue: 'support-fr', priority: 5 }],
      ['c1', 'resolved', { status: 'assigned', agent: 'awa', queue: 'support-fr', priority: 999 }],
    ]);
  });
});

describe('a reply the platform refused for good', () => {
  it('makes pressing Send again a new reply, while one it did not take for now is sent again under its id', async () => {
    const store = createInboxStore();
    const refusals = [
      new ApiError(409, { error: { code: 'reply_not_delivered', message: 'the reply was kept but whatsapp did not deliver it', params: { channel: 'whatsapp', reason: 'recipientUnavailable' } } }),
      new ApiError(503, { error: { code: 'reply_not_delivered', message: 'the reply was kept but whatsapp did not deliver it', params: { channel: 'whatsapp', reason: 'platformUnavailable' } } }),
    ];
    const api = {
      reply: () => Promise.reject(refusals.shift()),
      contact: () => Promise.resolve({ contact: contact({}), botTurns: [], messages: [] } as ContactDetails),
    } as unknown as typeof agentApi;
    const sync = new InboxSync({ store, api, listen: () => () => {}, whoAmI: () => Promise.resolve({}), signedOut: () => {} });
    expect(await sync.act('c1', { kind: 'reply', text: 'Vous êtes là ?', clientId: 'a1' })).toBe(false);
    expect(sync.replyRefusedForGood()).toBe(true);
    expect(await sync.act('c1', { kind: 'reply', text: 'Vous êtes là ?', clientId: 'a1' })).toBe(false);
    expect(sync.replyRefusedForGood()).toBe(false);
  });
});

describe('a contact that leaves the agent’s hands', () => {
  const later = (n: number) => `2026-11-20T10:0${n}:00.000Z`;
  function setUp() {
    const store = createInboxStore();
    let now: HandoffContact | null = contact({});
    let handlers: AgentEventHandlers | undefined;
    const api = {
      contact: () => (now ? Promise.resolve({ contact: now, botTurns: [], messages: [] } as ContactDetails) : Promise.reject(new ApiError(404, { error: { code: 'contact_not_found' } }))),
      close: () => {
        now = contact({ status: 'closed', outcome: 'resolved', updatedAt: later(9) });
        return Promise.resolve(now);
      },
    } as unknown as typeof agentApi;
    const sync = new InboxSync({
      store,
      api,
      listen: (h) => {
        handlers = h;
        return () => {};
      },
      whoAmI: () => Promise.resolve({}),
      signedOut: () => {},
    });
    sync.start('awa');
    return { store, sync, set: (contact: HandoffContact | null) => void (now = contact), tell: (change: HandoffChange) => handlers!.onEvent(change) };
  }

  it('says so in the open pane when someone else took it over, or put it back in a queue she no longer reads', async () => {
    const { store, sync, set, tell } = setUp();
    sync.show('c1');
    await expect.poll(() => store.getState().open?.details?.contact.agent).toBe('awa');
    expect(store.getState().open?.lost).toBeUndefined();

    set(contact({ agent: 'kofi', updatedAt: later(1) }));
    tell({ type: 'contact', id: 'c1', queue: 'support-fr', status: 'assigned', agent: 'kofi', fromAgent: 'awa', at: later(1) });
    await expect.poll(() => store.getState().open?.lost).toEqual({ kind: 'takenOver', agent: 'kofi' });

    // Hers again, then an admin puts it back in support-fr, a queue she left: no longer hers to read.
    set(contact({ updatedAt: later(2) }));
    tell({ type: 'contact', id: 'c1', queue: 'support-fr', status: 'assigned', agent: 'awa', fromAgent: 'kofi', at: later(2) });
    await expect.poll(() => store.getState().open?.lost).toBeUndefined();
    set(null);
    tell({ type: 'contact', id: 'c1', queue: 'support-fr', status: 'waiting', fromAgent: 'awa', at: later(3) });
    await expect.poll(() => store.getState().open?.lost).toEqual({ kind: 'requeued' });
    expect(store.getState().contacts.c1).toBeUndefined();
    // Not « a new contact waits in support-fr »: it is not hers to take.
    expect(store.getState().announcement).toBeNull();
  });

  it('says nothing of the kind after her own close', async () => {
    const { store, sync, tell } = setUp();
    sync.show('c1');
    await expect.poll(() => store.getState().open?.details?.contact.agent).toBe('awa');
    expect(await sync.act('c1', { kind: 'close', outcome: 'resolved' })).toBe(true);
    tell({ type: 'contact', id: 'c1', queue: 'support-fr', status: 'closed', agent: 'awa', at: later(9) });
    await expect.poll(() => store.getState().open?.details?.contact.status).toBe('closed');
    expect(store.getState().open?.lost).toBeUndefined();
  });
});

describe('a read of the open contact that never answers', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('is given up on at its deadline and made again: the agent sees the reply and the messages that came meanwhile, in one more read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = createInboxStore();
    const message = (id: string, from: 'agent' | 'subscriber', text: string) => ({ id, contactId: 'c1', at, from, text });
    const reads: string[] = [];
    // The first read of the contact: the connection is open, and nothing ever comes (a proxy or a
    // mobile network that swallowed it); only the page can give up on it.
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      reads.push(`${init.method} ${url}`);
      if (reads.length === 1) {
        return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
      }
      const details = { contact: contact({}), botTurns: [], messages: [message('m1', 'agent', 'Je regarde votre forfait.'), message('m2', 'subscriber', 'Merci')] };
      return Promise.resolve(new Response(JSON.stringify(details), { status: 200, headers: { 'content-type': 'application/json' } }));
    });
    let handlers: AgentEventHandlers | undefined;
    const sync = new InboxSync({
      store,
      api: realAgentApi,
      listen: (h) => {
        handlers = h;
        return () => {};
      },
      whoAmI: () => Promise.resolve({}),
      signedOut: () => {},
    });
    sync.start('awa');
    sync.show('c1');
    // While it hangs: the agent's reply is stored, then the subscriber answers; each says « read c1 again ».
    for (let i = 0; i < 3; i++) handlers!.onEvent({ type: 'message', id: 'c1', at });
    await vi.advanceTimersByTimeAsync(READ_DEADLINE_MS - 1);
    expect(store.getState().open?.details?.messages).toBeUndefined();

    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(store.getState().open?.details?.messages.map((m) => m.text)).toEqual(['Je regarde votre forfait.', 'Merci']));
    // One read in flight, one more after it, however many events came: and nothing to tell the agent.
    expect(reads).toEqual(['GET /api/agent/contacts/c1', 'GET /api/agent/contacts/c1']);
    expect(store.getState().notice).toBeNull();
  });

  it('tells the agent the server could not be reached when the read made again does not answer either', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = createInboxStore();
    let reads = 0;
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      reads += 1;
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    });
    const sync = new InboxSync({ store, api: realAgentApi, listen: () => () => {}, whoAmI: () => Promise.resolve({}), signedOut: () => {} });
    sync.show('c1');
    await vi.advanceTimersByTimeAsync(2 * READ_DEADLINE_MS);
    await vi.waitFor(() => expect(store.getState().notice).toMatchObject({ kind: 'error', error: { status: 0, code: 'network' } }));
    expect(reads).toBe(2);
  });
});

describe('the network back after a drop the live stream stayed open through', () => {
  it('reads again the contact opened meanwhile and takes « serveur injoignable » away', async () => {
    const store = createInboxStore();
    let online = false;
    const unreachable = () => Promise.reject(new ApiError(0, { error: { code: 'network' } }));
    const api = {
      queues: () => (online ? Promise.resolve([]) : unreachable()),
      callbacks: () => (online ? Promise.resolve([]) : unreachable()),
      contact: () => (online ? Promise.resolve({ contact: contact({}), botTurns: [], messages: [] } as unknown as ContactDetails) : unreachable()),
    } as unknown as typeof agentApi;
    // The stream opened once and never errs: a 30 s drop need not close it.
    const sync = new InboxSync({ store, api, listen: () => () => {}, whoAmI: () => Promise.resolve({}), signedOut: () => {} });
    sync.start('awa');
    sync.show('c1');
    await expect.poll(() => store.getState().notice).toMatchObject({ kind: 'error', error: { status: 0 } });
    expect(store.getState().open?.details).toBeNull();

    online = true;
    sync.backOnline();
    await expect.poll(() => store.getState().open?.details?.contact.id).toBe('c1');
    expect(store.getState().notice).toBeNull();
  });
});
