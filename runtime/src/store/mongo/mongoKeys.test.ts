import { describe, expect, it } from 'vitest';
import { contentHash, type Flow } from '@griot/flows';
import { decodeKey, decodeKeys, encodeKey, encodeKeys } from './mongoKeys.ts';
import { updateOf } from './handoffDocuments.ts';
import { memoryMongoStore } from './testing/memoryMongoStore.ts';
import { at, binding, caller, draft, flowRecord, session, transcript, turn } from '../contract/fixtures.ts';

/**
 * Field names MongoDB refuses in updates (`$`-prefixed, dotted) in user JSON, and operators with
 * nothing in them (issue 18, point 9). The in-memory driver refuses both as MongoDB does.
 */
const awkward = { $ref: 'x', 'a.b': 1, '100%': true, nested: [{ $inc: 2, 'price.usd': 3 }], plain: { ok: 'yes' } };

describe('encodeKeys', () => {
  it('encodes what MongoDB could refuse, exactly reversibly, and leaves ordinary JSON as the same object', () => {
    expect(encodeKey('$ref')).toBe('%24ref');
    expect(encodeKey('a.b')).toBe('a%2Eb');
    expect(encodeKey('100%')).toBe('100%25');
    for (const key of ['$ref', 'a.b', '100%', '%2E', '$a.b%', 'plain']) expect(decodeKey(encodeKey(key))).toBe(key);
    expect(JSON.stringify(encodeKeys(awkward))).not.toMatch(/"\$|\.\w+":/);
    expect(decodeKeys(encodeKeys(awkward))).toEqual(awkward);
    const ordinary = { a: [{ b: 1 }], c: 'd.e' };
    expect(encodeKeys(ordinary)).toBe(ordinary);
  });
});

describe('the MongoDB store with such names in user JSON', () => {
  it('keeps flow documents, sessions, caller variables, bindings, contexts and transcripts as given', async () => {
    const { store } = await memoryMongoStore();
    const base = draft('hello');
    // A test case's variables and an http node's headers are free JSON.
    const document = { ...base.document, tests: [{ name: 'fixtures', steps: [], variables: awkward }] } as unknown as Flow;
    await store.createFlow(flowRecord('hello'), { ...base, document, hash: contentHash(document) });
    const saved = await store.saveDraft('hello', 1, document, contentHash(document), 'alice', at(1));
    expect(saved.ok && saved.draft.document).toEqual(document);
    expect((await store.getDraft('hello'))?.document).toEqual(document);
    await store.addVersion({ flowId: 'hello', hash: contentHash(document), document, author: 'bob', message: 'v1', createdAt: at(2) });
    expect((await store.getVersion('hello', 1))?.document).toEqual(document);

    const live = { ...session('voice:CA1', at(30)), revision: 0 };
    live.session.vars = { answer: awkward };
    const { turns: _t, ...header } = transcript('voice:CA1', '+2290197000001', at(0));
    await store.saveTurn({ session: live, turn: { ...turn(1), input: awkward }, newTranscript: header, caller: { key: '+2290197000001', changes: { variables: { answer: awkward } }, at: at(1) } });
    await store.saveTurn({ session: { ...live, revision: 1 }, turn: { ...turn(2), input: awkward } });
    expect((await store.getSession('voice:CA1', at(1)))?.session.vars).toEqual({ answer: awkward });
    expect((await store.getTranscript('voice:CA1'))?.turns.map((t) => t.input)).toEqual([awkward, awkward]);
    expect((await store.getCaller('+2290197000001'))?.variables).toEqual({ answer: awkward });

    await store.putBinding({ ...binding('b1', 'hello'), settings: { headers: awkward } });
    expect((await store.getBinding('b1'))?.settings).toEqual({ headers: awkward });
    await store.putCaller({ ...caller('+2290197000002'), variables: { answer: awkward } });
    expect((await store.getCaller('+2290197000002'))?.variables).toEqual({ answer: awkward });
    await store.appendAudit({ id: 'a1', at: at(3), actor: 'alice', action: 'binding.update', target: 'binding:b1', details: { settings: awkward } });
    expect((await store.listAudit({ limit: 1 }))[0]?.details).toEqual({ settings: awkward });
    // And in a backup, as given.
    const dump = await store.dump();
    expect(dump.drafts[0]?.document).toEqual(document);
    expect(dump.bindings[0]?.settings).toEqual({ headers: awkward });
  });
});

describe('updates with nothing to set', () => {
  it('leave an empty operator out: a patch that only removes fields sends $unset alone', () => {
    expect(updateOf({ agent: undefined })).toEqual({ $unset: { agent: '' } });
    expect(updateOf({ status: 'waiting', agent: undefined })).toEqual({ $set: { status: 'waiting' }, $unset: { agent: '' } });
    expect(updateOf({ status: 'closed' })).toEqual({ $set: { status: 'closed' } });
  });

  it('change a handoff contact with a patch that only removes the agent, and read one with an empty patch', async () => {
    const { store } = await memoryMongoStore();
    const contact = {
      id: 'c1',
      queue: 'support',
      priority: 5,
      enqueuedAt: at(0),
      channel: 'voice' as const,
      sessionKey: 'voice:CA1',
      callerNumber: '+2290197000001',
      locale: 'fr',
      reason: 'PUK',
      context: { answer: awkward },
      history: [],
      status: 'assigned' as const,
      agent: 'awa',
      preview: false,
      updatedAt: at(0),
    };
    await store.putHandoffContact(contact);
    expect(await store.getHandoffContact('c1')).toEqual(contact);
    const { agent: _agent, ...withoutAgent } = contact;
    expect(await store.updateHandoffContact('c1', ['assigned'], { agent: undefined })).toEqual(withoutAgent);
    expect(await store.updateHandoffContact('c1', ['assigned'], {})).toEqual(withoutAgent);
    expect(await store.updateHandoffContact('c1', ['waiting'], {})).toBeNull();
  });
});
