import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, type Flow } from '@griot/flows';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../context.ts';
import { DEMO_FLOW_PATH } from '../demo/seedDemo.ts';
import type { HandoffService } from '../handoff/HandoffService.ts';
import { knownQueues } from '../handoff/knownQueues.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import type { Store } from '../store/types.ts';
import { sharedQueues } from './sharedQueues.ts';

const demo = JSON.parse(readFileSync(DEMO_FLOW_PATH, 'utf8')) as Flow;
const AT = '2026-03-02T10:00:00.000Z';

/** The demo's document, its handoff nodes replaced by one per queue named. */
const handingTo = (id: string, queues: string[]): Flow =>
  ({ ...demo, id, name: id, nodes: [...demo.nodes.filter((n) => n.type !== 'handoff'), ...queues.map((queue, i) => ({ id: `agent-${i}`, type: 'handoff', queue }))] }) as Flow;

/** The store as sharedQueues sees it, counting the other flows' documents it reads. */
function counting(store: Store, own: string) {
  const reads = { documents: 0 };
  const wrapped = new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (name === 'getDraft' || name === 'getVersion') return (flowId: string, ...rest: unknown[]) => (flowId !== own && (reads.documents += 1), value.call(target, flowId, ...rest));
      return value.bind(target);
    },
  });
  return { ctx: { store: wrapped } as unknown as ServiceContext, reads };
}

/**
 * The handoff inspector's notice « other flows hand over to this queue », asked by the designer
 * after each autosave: the other flows' queues as knownQueues counts them (the queues agents may
 * transfer to), read from documents remembered while they do not change.
 */
describe('the queues a flow shares with other flows, asked on every autosave', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function storeWith(flows: { id: string; draft: string[]; production?: string[] }[]): Promise<Store> {
    const dir = mkdtempSync(join(tmpdir(), 'griot-shared-queues-'));
    dirs.push(dir);
    const store = new SqliteStore(join(dir, 'griot.db'));
    stores.push(store);
    for (const { id, draft, production } of flows) {
      const document = handingTo(id, draft);
      await store.createFlow({ id, name: id, createdAt: AT, createdBy: 'ana', updatedAt: AT }, { flowId: id, revision: 1, document, hash: contentHash(document), updatedAt: AT, updatedBy: 'ana' });
      if (!production) continue;
      const published = handingTo(id, production);
      const version = await store.addVersion({ flowId: id, hash: contentHash(published), document: published, author: 'ana', message: 'v1', createdAt: AT });
      await store.setEnvironment(id, 'production', null, { flowId: id, name: 'production', version: version.number, history: [], updatedAt: AT, updatedBy: 'ana' });
    }
    return store;
  }

  it('names a flow whose production version hands over to the queue, past its 200th queue, as the agents’ queue list does', async () => {
    // A national line's production version: one queue per commune, 250 of them, the last « commune-249 ».
    const communes = Array.from({ length: 250 }, (_, i) => `commune-${i}`);
    const store = await storeWith([
      { id: 'national', draft: ['accueil'], production: communes },
      { id: 'cotonou', draft: ['commune-249'] },
    ]);
    expect((await knownQueues({ store } as unknown as HandoffService)).names).toContain('commune-249');
    expect(await sharedQueues({ store } as unknown as ServiceContext, 'cotonou')).toEqual([{ nodeId: 'agent-0', queue: 'commune-249', flows: [{ id: 'national', name: 'national' }] }]);
  });

  it('reads no other flow’s document while none changed, and sees another flow’s new draft at the next call', async () => {
    const store = await storeWith([
      { id: 'line-1919', draft: ['support-fr'], production: ['support-fr'] },
      { id: 'line-2', draft: ['support-fr', 'ventes'], production: ['support-fr'] },
      { id: 'sales', draft: ['ventes'], production: ['ventes'] },
    ]);
    const { ctx, reads } = counting(store, 'line-2');
    const first = await sharedQueues(ctx, 'line-2');
    expect(first).toEqual([
      { nodeId: 'agent-0', queue: 'support-fr', flows: [{ id: 'line-1919', name: 'line-1919' }] },
      { nodeId: 'agent-1', queue: 'ventes', flows: [{ id: 'sales', name: 'sales' }] },
    ]);
    reads.documents = 0;
    for (let save = 0; save < 5; save += 1) expect(await sharedQueues(ctx, 'line-2')).toEqual(first);
    expect(reads.documents).toBe(0);

    const drafted = handingTo('sales', ['ventes', 'support-fr']);
    expect((await store.saveDraft('sales', 1, drafted, contentHash(drafted), 'ana')).ok).toBe(true);
    expect((await sharedQueues(ctx, 'line-2'))[0]!.flows.map((f) => f.id)).toEqual(['line-1919', 'sales']);
    expect(reads.documents).toBe(1);
  });
});
