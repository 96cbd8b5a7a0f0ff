import { describe, expect, it } from 'vitest';
import type { PublicationRequest, Store } from '../types.ts';
import { at } from './fixtures.ts';

const request = (id: string, flowId: string, minutes: number, extra: Partial<PublicationRequest> = {}): PublicationRequest => ({
  id,
  flowId,
  draftRevision: 3,
  draftHash: `hash-${id}`,
  targets: ['staging', 'production'],
  comment: 'Nouvelle promo Ramadan : merci de publier',
  requestedBy: 'edith',
  requestedAt: at(minutes),
  status: 'pending',
  updatedAt: at(minutes),
  ...extra,
});

/** Requests that a publisher publish a draft: kept whole, listed newest first, decided once. */
export function publicationContract(store: () => Store, another: () => Promise<Store>) {
  describe('publication requests', () => {
    it('keeps a request whole and lists a flow’s or a status’s, newest first', async () => {
      const s = store().publicationRequests;
      await s.addPublicationRequest(request('r1', 'hello', 1));
      await s.addPublicationRequest(request('r2', 'hello', 2, { status: 'refused', decidedBy: 'paul', decidedAt: at(3), reason: 'pas avant lundi' }));
      await s.addPublicationRequest(request('r3', 'other', 4));
      expect(await s.getPublicationRequest('r1')).toEqual(request('r1', 'hello', 1));
      expect(await s.getPublicationRequest('nope')).toBeNull();
      const ids = (list: PublicationRequest[]) => list.map((r) => r.id);
      expect(ids(await s.listPublicationRequests({ limit: 10 }))).toEqual(['r3', 'r2', 'r1']);
      expect(ids(await s.listPublicationRequests({ flowId: 'hello', limit: 10 }))).toEqual(['r2', 'r1']);
      expect(ids(await s.listPublicationRequests({ status: 'pending', limit: 10 }))).toEqual(['r3', 'r1']);
      expect(ids(await s.listPublicationRequests({ flowId: 'hello', status: 'pending', limit: 10 }))).toEqual(['r1']);
      expect(ids(await s.listPublicationRequests({ limit: 1 }))).toEqual(['r3']);
      expect(await s.listPublicationRequests({ flowId: 'hello', status: 'refused', limit: 10 })).toEqual([expect.objectContaining({ reason: 'pas avant lundi', decidedBy: 'paul' })]);
    });

    it('lists one user’s requests before the limit, whatever others asked since', async () => {
      const s = store().publicationRequests;
      await s.addPublicationRequest(request('mine', 'x', 1, { status: 'approved', decidedBy: 'paul', version: 2 }));
      for (let i = 0; i < 5; i++) await s.addPublicationRequest(request(`e${i}`, 'y', 2 + i, { requestedBy: 'eric', status: i === 4 ? 'pending' : 'superseded' }));
      const ids = (list: PublicationRequest[]) => list.map((r) => r.id);
      expect(ids(await s.listPublicationRequests({ limit: 3 }))).toEqual(['e4', 'e3', 'e2']);
      expect(ids(await s.listPublicationRequests({ requestedBy: 'edith', limit: 3 }))).toEqual(['mine']);
      expect(ids(await s.listPublicationRequests({ requestedBy: 'eric', limit: 2 }))).toEqual(['e4', 'e3']);
      expect(ids(await s.listPublicationRequests({ requestedBy: 'edith', flowId: 'x', status: 'approved', limit: 3 }))).toEqual(['mine']);
      expect(ids(await s.listPublicationRequests({ requestedBy: 'edith', flowId: 'y', limit: 3 }))).toEqual([]);
      expect(ids(await s.listPublicationRequests({ requestedBy: 'eric', status: 'pending', limit: 3 }))).toEqual(['e4']);
      // The requester survives a decision and a backup.
      expect(await s.updatePublicationRequest(request('e4', 'y', 6, { requestedBy: 'eric', status: 'withdrawn', updatedAt: at(9) }), { status: 'pending', updatedAt: at(6) })).toBe(true);
      expect(ids(await s.listPublicationRequests({ requestedBy: 'eric', status: 'withdrawn', limit: 3 }))).toEqual(['e4']);
      const restored = await another();
      await restored.restore(await store().dump());
      expect(ids(await restored.publicationRequests.listPublicationRequests({ requestedBy: 'edith', limit: 3 }))).toEqual(['mine']);
    });

    it('decides a request only as it was read: of two publishers, one wins', async () => {
      const s = store().publicationRequests;
      await s.addPublicationRequest(request('r1', 'hello', 1));
      const read = { status: 'pending', updatedAt: at(1) } as const;
      const claims = await Promise.all([
        s.updatePublicationRequest(request('r1', 'hello', 1, { status: 'approving', decidedBy: 'paul', updatedAt: at(5) }), read),
        s.updatePublicationRequest(request('r1', 'hello', 1, { status: 'approving', decidedBy: 'awa', updatedAt: at(5) }), read),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await s.getPublicationRequest('r1'))?.decidedBy).toBe(claims[0] ? 'paul' : 'awa');
      // From the status it is now, it moves on; from another, or an older update, nothing changes.
      expect(await s.updatePublicationRequest(request('r1', 'hello', 1, { status: 'refused' }), read)).toBe(false);
      expect(await s.updatePublicationRequest(request('r1', 'hello', 1, { status: 'approved', version: 4 }), { status: 'approving', updatedAt: at(4) })).toBe(false);
      expect(await s.updatePublicationRequest(request('r1', 'hello', 1, { status: 'approved', version: 4, updatedAt: at(6) }), { status: 'approving', updatedAt: at(5) })).toBe(true);
      expect(await s.getPublicationRequest('r1')).toMatchObject({ status: 'approved', version: 4 });
      expect(await s.listPublicationRequests({ status: 'pending', limit: 10 })).toEqual([]);
      // Nor does a request of another flow under the same id.
      expect(await s.updatePublicationRequest(request('r1', 'other', 1, { status: 'withdrawn' }), { status: 'approved', updatedAt: at(6) })).toBe(false);
      expect(await s.updatePublicationRequest(request('missing', 'hello', 1), read)).toBe(false);
    });

    it('travels in backups, decisions included', async () => {
      const s = store().publicationRequests;
      await s.addPublicationRequest(request('r1', 'hello', 1));
      await s.addPublicationRequest(request('r2', 'hello', 2, { status: 'approved', decidedBy: 'paul', decidedAt: at(3), version: 2 }));
      const dump = await store().dump();
      expect(dump.publicationRequests).toEqual([request('r1', 'hello', 1), request('r2', 'hello', 2, { status: 'approved', decidedBy: 'paul', decidedAt: at(3), version: 2 })]);
      const restored = await another();
      await restored.restore(dump);
      expect(await restored.publicationRequests.listPublicationRequests({ flowId: 'hello', limit: 10 })).toEqual([
        request('r2', 'hello', 2, { status: 'approved', decidedBy: 'paul', decidedAt: at(3), version: 2 }),
        request('r1', 'hello', 1),
      ]);
    });

    it('removes a flow’s requests only', async () => {
      const s = store().publicationRequests;
      await s.addPublicationRequest(request('r1', 'hello', 1));
      await s.addPublicationRequest(request('r2', 'hello', 2));
      await s.addPublicationRequest(request('r3', 'other', 3));
      expect(await s.deleteFlowPublicationRequests('hello')).toBe(2);
      expect((await s.listPublicationRequests({ limit: 10 })).map((r) => r.id)).toEqual(['r3']);
    });
  });
}
