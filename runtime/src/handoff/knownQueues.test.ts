import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, type Flow } from '@griot/flows';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import type { Store } from '../store/types.ts';
import { DEMO_FLOW_PATH } from '../demo/seedDemo.ts';
import type { HandoffService } from './HandoffService.ts';
import { knownQueues } from './knownQueues.ts';

const demo = JSON.parse(readFileSync(DEMO_FLOW_PATH, 'utf8')) as Flow;
const AT = '2026-03-02T10:00:00.000Z';

/** The demo's document with its voice handoff node sending to `queue`. */
const handingTo = (id: string, queue: string): Flow => ({ ...demo, id, nodes: demo.nodes.map((n) => (n.id === 'handoff' ? { ...n, queue } : n)) }) as Flow;

/** The store as knownQueues sees it, counting the flow documents it reads (drafts and versions). */
function counting(store: Store) {
  const reads = { documents: 0 };
  const wrapped = new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (name === 'getDraft' || name === 'getVersion') return (...args: unknown[]) => ((reads.documents += 1), value.apply(target, args));
      return value.bind(target);
    },
  });
  return { handoff: { store: wrapped } as unknown as HandoffService, reads };
}

describe('the queues agents may transfer to, asked on every wallboard poll', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads no flow document while nothing changed, and sees a draft saved or a version promoted on another instance at the next poll', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-known-queues-'));
    dirs.push(dir);
    const here = new SqliteStore(join(dir, 'griot.db'));
    // Another instance: its own connection to the same database.
    const there = new SqliteStore(join(dir, 'griot.db'));
    stores.push(here, there);
    for (const id of ['a', 'b', 'c']) {
      const document = handingTo(id, `queue-${id}`);
      await here.createFlow({ id, name: id, createdAt: AT, createdBy: 'ana', updatedAt: AT }, { flowId: id, revision: 1, document, hash: contentHash(document), updatedAt: AT, updatedBy: 'ana' });
      const version = await here.addVersion({ flowId: id, hash: contentHash(document), document, author: 'ana', message: 'v1', createdAt: AT });
      await here.setEnvironment(id, 'production', null, { flowId: id, name: 'production', version: version.number, history: [], updatedAt: AT, updatedBy: 'ana' });
    }
    const { handoff, reads } = counting(here);
    const first = (await knownQueues(handoff)).names;
    expect(first).toEqual(expect.arrayContaining(['queue-a', 'queue-b', 'queue-c', 'whatsapp-fr']));
    reads.documents = 0;
    for (let poll = 0; poll < 5; poll += 1) expect((await knownQueues(handoff)).names).toEqual(first);
    expect(reads.documents).toBe(0);

    // Another instance saves a draft handing over to a new queue: the next poll knows it, reading that draft alone.
    const drafted = handingTo('a', 'billing-new');
    expect((await there.saveDraft('a', 1, drafted, contentHash(drafted), 'ana')).ok).toBe(true);
    expect((await knownQueues(handoff)).names).toContain('billing-new');
    expect(reads.documents).toBe(1);

    // …then promotes a version of another document: known too; the old version's queue goes with it.
    const promoted = handingTo('b', 'vip-new');
    const v2 = await there.addVersion({ flowId: 'b', hash: contentHash(promoted), document: promoted, author: 'ana', message: 'v2', createdAt: AT });
    expect((await there.setEnvironment('b', 'production', 1, { flowId: 'b', name: 'production', version: v2.number, history: [1], updatedAt: AT, updatedBy: 'ana' })).ok).toBe(true);
    const afterPromotion = (await knownQueues(handoff)).names;
    expect(afterPromotion).toContain('vip-new');
    // Flow b's draft still hands over to queue-b.
    expect(afterPromotion).toContain('queue-b');

    // An archived flow's queues are not known any more (nothing routes to it).
    await there.clearEnvironment('c', 'production', 1, AT);
    expect((await there.archiveFlow('c', AT, 'ana')).ok).toBe(true);
    expect((await knownQueues(handoff)).names).not.toContain('queue-c');
  });
});
